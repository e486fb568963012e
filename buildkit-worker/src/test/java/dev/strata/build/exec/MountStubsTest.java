package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountStubsTest {
    @TempDir
    Path rootfs;

    @Test
    void emptyTargetsCreatedForTheExecAreRemovedAndOthersKept() throws IOException {
        Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(rootfs.resolve("etc/hosts"), "existing, kept\n");
        MountStubs stubs = MountStubs.record(rootfs, List.of("/etc/hosts", "/etc/resolv.conf", "/mnt/a", "/data"), false);
        assertEquals(List.of(rootfs.resolve("etc/resolv.conf"), rootfs.resolve("mnt/a"), rootfs.resolve("data")), stubs.created());
        Files.createFile(rootfs.resolve("etc/resolv.conf"));
        Files.createDirectories(rootfs.resolve("mnt/a"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/written"), "the exec wrote here");
        FileTime etcTime = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(rootfs.resolve("etc"), etcTime);

        stubs.remove();

        assertTrue(Files.exists(rootfs.resolve("etc/hosts")));
        assertFalse(Files.exists(rootfs.resolve("etc/resolv.conf")));
        assertEquals(etcTime, Files.getLastModifiedTime(rootfs.resolve("etc")), "the parent keeps its timestamps");
        assertFalse(Files.exists(rootfs.resolve("mnt/a")));
        assertTrue(Files.exists(rootfs.resolve("mnt")), "without recursive, created parents stay");
        assertTrue(Files.exists(rootfs.resolve("data/written")));
    }

    @Test
    void recursiveAlsoRemovesCreatedParents() throws IOException {
        MountStubs stubs = MountStubs.record(rootfs, List.of("/run/secrets/token"), true);
        Files.createDirectories(rootfs.resolve("run/secrets"));
        Files.createFile(rootfs.resolve("run/secrets/token"));
        stubs.remove();
        assertFalse(Files.exists(rootfs.resolve("run")));
    }

    @Test
    void aParentReplacedBySymlinkIsNotFollowed(@TempDir Path outside) throws IOException {
        MountStubs stubs = MountStubs.record(rootfs, List.of("/mnt/stub"), false);
        Files.createFile(outside.resolve("stub"));
        Files.createSymbolicLink(rootfs.resolve("mnt"), outside);
        stubs.remove();
        assertTrue(Files.exists(outside.resolve("stub")));
    }
}
