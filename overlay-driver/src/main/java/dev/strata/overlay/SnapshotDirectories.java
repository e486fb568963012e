package dev.strata.overlay;

import com.sun.jna.LastErrorException;
import dev.strata.snapshots.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Set;

/**
 * Makes a snapshot's directories the way containerd does: {@code fs} (the upper directory, 0755,
 * owned like its parent's) and, for a snapshot that can be written, {@code work}, first under a
 * temporary name in {@code snapshots/} (or, made ahead, in {@code ready/}), then renamed to the
 * snapshot's id.
 */
final class SnapshotDirectories {
    static final String TEMPORARY_PREFIX = "new-";
    private static final int UPPER_MODE = 0755;
    private static final Set<PosixFilePermission> UPPER_PERMISSIONS = PosixFilePermissions.fromString("rwxr-xr-x");
    private static final Set<PosixFilePermission> WORK_PERMISSIONS = PosixFilePermissions.fromString("rwx--x--x");

    private final StateDirectory state;
    /** Names this instance's temporary directories, which a sweep of an earlier instance's leftovers must spare. */
    private final String temporaryPrefix = TEMPORARY_PREFIX + Long.toHexString(System.nanoTime()) + "-";
    /** Whether mkdir(2) keeps the modes of a snapshot's directories as given, so that no chmod must follow. */
    private final boolean umaskKeepsModes = (Umask.current() & UPPER_MODE) == 0;

    SnapshotDirectories(StateDirectory state) {
        this.state = state;
    }

    /** Whether {@code name}, an entry of {@code snapshots/}, is a temporary directory of this instance. */
    boolean isOwnTemporary(String name) {
        return name.startsWith(temporaryPrefix);
    }

    /** A new temporary directory with {@code fs}, and {@code work} unless the snapshot is a view. */
    Path makeTemporary(Kind kind) throws IOException {
        return makeTemporaryIn(state.snapshots(), kind);
    }

    /** A temporary directory for an active snapshot, made ahead in {@code ready/}. */
    Path makeAhead() throws IOException {
        return makeTemporaryIn(state.ready(), Kind.ACTIVE);
    }

    /** Deletes what it made if a later mkdir fails, so that only whole directories are handed out or left. */
    private Path makeTemporaryIn(Path directory, Kind kind) throws IOException {
        Path temporary = Files.createTempDirectory(directory, temporaryPrefix);
        try {
            createDirectory(temporary.resolve("fs"), UPPER_PERMISSIONS);
            if (kind != Kind.VIEW) {
                createDirectory(temporary.resolve("work"), WORK_PERMISSIONS);
            }
        } catch (IOException e) {
            try {
                FileTrees.delete(temporary);
            } catch (UncheckedIOException undeleted) {
                e.addSuppressed(undeleted);
            }
            throw e;
        }
        return temporary;
    }

    /**
     * Makes in {@code directory}, a snapshot's, whichever of {@code fs} and (unless the snapshot is a
     * view) {@code work} is missing, as {@link #makeTemporary} would; returns whether {@code fs} was.
     */
    boolean makeMissing(Path directory, Kind kind) throws IOException {
        boolean upperMissing = !directory.resolve("fs").toFile().exists();
        if (upperMissing) {
            createDirectory(directory.resolve("fs"), UPPER_PERMISSIONS);
        }
        if (kind != Kind.VIEW && !directory.resolve("work").toFile().exists()) {
            createDirectory(directory.resolve("work"), WORK_PERMISSIONS);
        }
        return upperMissing;
    }

    /** Gives the upper directory in {@code directory}, a snapshot's, the owner of the upper directory of {@code parentId}. */
    void takeOwnerOfParent(Path directory, long parentId) throws IOException {
        copyOwner(state.upper(parentId), directory.resolve("fs"));
    }

    /** Whether {@code temporary} was {@linkplain #makeAhead made ahead}, in {@code ready/}. */
    boolean isMadeAhead(Path temporary) {
        return temporary.getParent().equals(state.ready());
    }

    /**
     * Renames {@code temporary} to the directory of snapshot {@code id}. An upper directory made
     * {@linkplain ReadyDirectories ahead} first gets the times of the create, as containerd's, made by
     * the create itself, has: a container's root shows them.
     */
    Path place(Path temporary, long id) throws IOException {
        if (isMadeAhead(temporary)) {
            Path upper = temporary.resolve("fs");
            try {
                LibC.INSTANCE.utimensat(LibC.AT_FDCWD, upper.toString(), null, 0);
            } catch (LastErrorException e) {
                throw new IOException("failed to set the times of " + upper + ": " + e.getMessage(), e);
            }
        }
        return Files.move(temporary, state.snapshot(id), StandardCopyOption.ATOMIC_MOVE);
    }

    /** One lstat and one lchown, where java.nio would take two of each. */
    private static void copyOwner(Path from, Path to) throws IOException {
        Map<String, Object> owner = Files.readAttributes(from, "unix:uid,gid", LinkOption.NOFOLLOW_LINKS);
        try {
            LibC.INSTANCE.lchown(to.toString(), (Integer) owner.get("uid"), (Integer) owner.get("gid"));
        } catch (LastErrorException e) {
            throw new IOException("failed to change owner of " + to + ": " + e.getMessage(), e);
        }
    }

    /** Sets the mode again after creating if the process umask would narrow it (the root of a snapshot is 0755). */
    private void createDirectory(Path path, Set<PosixFilePermission> permissions) throws IOException {
        Files.createDirectory(path, PosixFilePermissions.asFileAttribute(permissions));
        if (!umaskKeepsModes) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }
}
