package dev.strata.overlay;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import dev.strata.snapshots.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The disk usage of a directory tree as containerd's fs.DiskUsage counts it: allocated blocks
 * (st_blocks * 512) and distinct inodes, the root included, each hard-linked inode once.
 */
public final class DiskUsage {
    private static final long BLOCK_UNIT = 512;

    private DiskUsage() {
    }

    public static Usage of(Path root) {
        return upTo(root, Integer.MAX_VALUE).orElseThrow();
    }

    /** The usage of {@code root}, or none if the tree holds more than {@code maxInodes} inodes: the walk stops there. */
    static Optional<Usage> upTo(Path root, int maxInodes) {
        Set<InodeKey> seen = new HashSet<>();
        long[] size = {0};
        Memory stat = new Memory(LibC.STAT_SIZE);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    return count(dir);
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    return count(file);
                }

                private FileVisitResult count(Path path) throws IOException {
                    try {
                        LibC.INSTANCE.lstat(path.toString(), stat);
                    } catch (LastErrorException e) {
                        throw new IOException("failed to stat " + path + ": " + e.getMessage(), e);
                    }
                    InodeKey key = new InodeKey(stat.getLong(LibC.STAT_DEV_OFFSET), stat.getLong(LibC.STAT_INO_OFFSET));
                    if (seen.add(key)) {
                        size[0] += stat.getLong(LibC.STAT_BLOCKS_OFFSET) * BLOCK_UNIT;
                    }
                    return seen.size() > maxInodes ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("failed to compute disk usage of " + root + ": " + e.getMessage(), e);
        }
        return seen.size() > maxInodes ? Optional.empty() : Optional.of(new Usage(size[0], seen.size()));
    }

    private record InodeKey(long device, long inode) {
    }
}
