package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkingDirectoryTest {
    @TempDir
    Path rootfs;

    private ResolvedUser currentUser() throws IOException {
        int uid = (Integer) Files.getAttribute(rootfs, "unix:uid");
        int gid = (Integer) Files.getAttribute(rootfs, "unix:gid");
        return new ResolvedUser(uid, gid, List.of(gid));
    }

    @Test
    void missingDirectoriesAreCreatedWithMode0755(@TempDir Path outside) throws IOException {
        Files.createSymbolicLink(rootfs.resolve("escape"), outside);
        WorkingDirectory.ensure(rootfs, "/escape/work/dir", currentUser());
        assertFalse(Files.exists(outside.resolve("work")), "an absolute symlink resolves inside the root");
        Path created = rootfs.resolve(outside.toString().substring(1)).resolve("work/dir");
        assertTrue(Files.isDirectory(created));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(created)));
    }

    @Test
    void aFileInTheWayIsAnError() throws IOException {
        Files.writeString(rootfs.resolve("file"), "x");
        assertThrows(IOException.class, () -> WorkingDirectory.ensure(rootfs, "/file", currentUser()));
    }
}
