package dev.strata.build.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Creates an exec's working directory inside the root filesystem if it is missing, resolved so that
 * no symlink leads out of the root, with mode 0755 and owned by the exec's user, as BuildKit does.
 * What it creates stays in the layer.
 */
final class WorkingDirectory {
    private WorkingDirectory() {
    }

    static void ensure(Path rootfs, String cwd, ResolvedUser user) throws IOException {
        Path directory = RootPath.resolve(rootfs, cwd);
        Deque<Path> missing = new ArrayDeque<>();
        for (Path path = directory; !path.equals(rootfs) && !Files.exists(path, LinkOption.NOFOLLOW_LINKS); path = path.getParent()) {
            missing.push(path);
        }
        for (Path path : missing) {
            Files.createDirectory(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.setAttribute(path, "unix:uid", user.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(path, "unix:gid", user.gid(), LinkOption.NOFOLLOW_LINKS);
        }
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("failed to create working directory " + cwd + ": a file that is not a directory is in the way");
        }
    }
}
