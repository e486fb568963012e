package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock on a root that a snapshotter, or a build worker, holds while it has the root
 * open. Two snapshotters on one root would replay and checkpoint each other's metadata and sweep each
 * other's directories: bbolt, which holds containerd's metadata, takes flock(2) on its file and waits;
 * here a second opener fails at once and names the process that holds the root. The lock is
 * fcntl(2)'s (Java's file locks), held by the process, so the kernel drops it when the holder dies,
 * even by kill -9. The file keeps the holder's pid, written after locking and removed before
 * unlocking, for the refusal to name.
 *
 * <p>A process drops its fcntl lock on a file when it closes any descriptor of that file, so a second
 * opener in the holder's own process must not open the file at all: the files this process holds are
 * known by their inode, and such an opener is refused before it opens one.
 */
public final class RootLock implements AutoCloseable {
    private static final Set<Object> HELD_BY_THIS_PROCESS = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final Object fileKey;
    private final FileChannel channel;

    private RootLock(Path file, Object fileKey, FileChannel channel) {
        this.file = file;
        this.fileKey = fileKey;
        this.channel = channel;
    }

    /**
     * Locks {@code file}, creating it if needed; the refusal names its directory as the root and
     * {@code others} as who else could hold it.
     *
     * @throws RootInUseException if another opener, in this process or another, holds it
     */
    public static RootLock acquire(Path file, String others) {
        Object fileKey;
        try {
            fileKey = createIfMissing(file);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create " + file + ": " + e.getMessage(), e);
        }
        if (!HELD_BY_THIS_PROCESS.add(fileKey)) {
            throw new RootInUseException(file.getParent(), "this process", others);
        }
        try {
            return lock(file, fileKey, others);
        } catch (RuntimeException e) {
            HELD_BY_THIS_PROCESS.remove(fileKey);
            throw e;
        }
    }

    /** The file's inode, identifying it however the root was named; creating it opens no descriptor that stays. */
    private static Object createIfMissing(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException e) {
            // the usual case: an earlier snapshotter made it
        }
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }

    private static RootLock lock(Path file, Object fileKey, String others) {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open " + file + ": " + e.getMessage(), e);
        }
        try {
            if (channel.tryLock() == null) {
                throw new RootInUseException(file.getParent(), holder(channel), others);
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new RootLock(file, fileKey, channel);
        } catch (IOException e) {
            closeQuietly(channel, e);
            throw new UncheckedIOException("failed to lock " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel, e);
            throw e;
        }
    }

    private static String holder(FileChannel channel) throws IOException {
        ByteBuffer contents = ByteBuffer.allocate(32);
        channel.read(contents, 0);
        String pid = new String(contents.array(), 0, contents.position(), StandardCharsets.US_ASCII).strip();
        // empty while the holder has locked but not yet written
        return pid.matches("[0-9]+") ? "process " + pid : "another process";
    }

    /** Clears the pid and unlocks; closing the channel drops the lock. */
    @Override
    public void close() {
        try (FileChannel closing = channel) {
            closing.truncate(0);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to unlock " + file + ": " + e.getMessage(), e);
        } finally {
            HELD_BY_THIS_PROCESS.remove(fileKey);
        }
    }

    private static void closeQuietly(FileChannel channel, Exception failure) {
        try {
            channel.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }
}
