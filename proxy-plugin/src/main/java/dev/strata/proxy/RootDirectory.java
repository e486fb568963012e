package dev.strata.proxy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Readies the state directory: creates it private (0700) when missing, and refuses one that other users
 * could tamper with. A world-writable root lets anyone swap a snapshot directory for a link to elsewhere
 * before containerd mounts it; a symbolic link as root can be repointed under the running daemon.
 */
final class RootDirectory {
    private RootDirectory() {
    }

    static void prepare(Path root) throws IOException {
        if (Files.isSymbolicLink(root)) {
            throw new IOException("failed to open root " + root + ": it is a symbolic link; give the real directory");
        }
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return;
        }
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("failed to open root " + root + ": not a directory");
        }
        if (Files.getPosixFilePermissions(root, LinkOption.NOFOLLOW_LINKS).contains(PosixFilePermission.OTHERS_WRITE)) {
            throw new IOException("failed to open root " + root + ": it is world-writable; chmod o-w it (0700 is best)");
        }
    }
}
