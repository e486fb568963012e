package dev.strata.build.exec;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Mount targets that runc will create in the root filesystem and that must not stay in the layer
 * (BuildKit's executor.MountStubsCleaner). {@link #record} notes, before the exec, which targets do
 * not exist yet (with {@code recursive}, also their missing parents); {@link #remove} deletes those
 * that are still empty files or empty directories afterwards, keeping the parent's timestamps so
 * builds stay reproducible.
 */
final class MountStubs {
    private final Path rootfs;
    private final List<Path> created;

    private MountStubs(Path rootfs, List<Path> created) {
        this.rootfs = rootfs;
        this.created = List.copyOf(created);
    }

    static MountStubs record(Path rootfs, List<String> targets, boolean recursive) throws IOException {
        List<Path> created = new ArrayList<>();
        for (String target : targets) {
            Path path = RootPath.resolve(rootfs, target);
            while (!path.equals(rootfs) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
                created.add(path);
                if (!recursive) {
                    break;
                }
                path = path.getParent();
            }
        }
        return new MountStubs(rootfs, created);
    }

    /** Paths noted as created, deepest first for each target. */
    List<Path> created() {
        return created;
    }

    void remove() throws IOException {
        for (Path path : created) {
            Path parentPath = path.getParent();
            // The exec may have turned a parent into a symlink; never delete through one.
            if (!RootPath.resolve(rootfs, "/" + rootfs.relativize(parentPath)).equals(parentPath) || !isEmptyStub(path)) {
                continue;
            }
            BasicFileAttributeView parent = Files.getFileAttributeView(parentPath, BasicFileAttributeView.class);
            BasicFileAttributes times = parent.readAttributes();
            Files.delete(path);
            parent.setTimes(times.lastModifiedTime(), times.lastAccessTime(), (FileTime) null);
        }
    }

    private static boolean isEmptyStub(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isDirectory()) {
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
                return !entries.iterator().hasNext();
            }
        }
        return attributes.size() == 0;
    }
}
