package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathTest {
    @TempDir
    Path rootfs;

    @Test
    void dotDotAndSymlinksNeverLeaveTheRoot() throws IOException {
        Files.createDirectories(rootfs.resolve("a/b"));
        Files.createSymbolicLink(rootfs.resolve("a/up"), Path.of("../../../../.."));
        Files.createSymbolicLink(rootfs.resolve("abs"), Path.of("/etc"));
        Files.createSymbolicLink(rootfs.resolve("a/b/rel"), Path.of("../b"));
        assertEquals(rootfs.resolve("x"), RootPath.resolve(rootfs, "/../../x"));
        assertEquals(rootfs.resolve("x"), RootPath.resolve(rootfs, "/a/up/x"));
        assertEquals(rootfs.resolve("etc/passwd"), RootPath.resolve(rootfs, "/abs/passwd"));
        assertEquals(rootfs.resolve("a/b/missing/c"), RootPath.resolve(rootfs, "a/b/rel/./missing/c"));
        assertEquals(rootfs, RootPath.resolve(rootfs, "/"));
    }

    @Test
    void aSymlinkLoopIsAnError() throws IOException {
        Files.createSymbolicLink(rootfs.resolve("loop"), Path.of("loop"));
        assertThrows(IOException.class, () -> RootPath.resolve(rootfs, "/loop/x"));
    }
}
