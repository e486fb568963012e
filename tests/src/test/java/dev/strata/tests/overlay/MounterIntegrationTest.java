package dev.strata.tests.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Mount;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** mount(2) and umount2(2) through the Mounter; needs root. */
class MounterIntegrationTest {
    @TempDir
    Path dir;
    private final Mounter mounter = new Mounter();

    @Test
    void readOnlyBindIsRemountedReadOnly() throws IOException {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("f"), "content");
        Path target = Files.createDirectories(dir.resolve("target"));
        try {
            mounter.mount(List.of(Mount.of("bind", source.toString(), List.of("ro", "rbind"))), target);
            assertEquals("content", Files.readString(target.resolve("f")));
            assertThrows(IOException.class, () -> Files.writeString(target.resolve("g"), "x"));
        } finally {
            mounter.unmount(target);
        }
        assertFalse(Files.exists(target.resolve("f")));
    }

    @Test
    void stackedMountsAreAllUnmounted() throws IOException {
        Path first = Files.createDirectories(dir.resolve("first"));
        Path second = Files.createDirectories(dir.resolve("second"));
        Files.writeString(second.resolve("f"), "second");
        Path target = Files.createDirectories(dir.resolve("target"));
        try {
            mounter.mount(List.of(Mount.of("bind", first.toString(), List.of("rw", "rbind")),
                    Mount.of("bind", second.toString(), List.of("rw", "rbind"))), target);
            assertTrue(Files.exists(target.resolve("f")), "the last mount is on top");
        } finally {
            mounter.detach(target);
        }
        assertFalse(Files.exists(target.resolve("f")));
    }

    @Test
    void unmountWaitsForABusyMountToBeReleased() throws Exception {
        Path source = Files.createDirectories(dir.resolve("source"));
        Files.writeString(source.resolve("f"), "content");
        Path target = Files.createDirectories(dir.resolve("target"));
        mounter.mount(List.of(Mount.of("bind", source.toString(), List.of("rw", "rbind"))), target);
        Thread releaser;
        try (FileChannel open = FileChannel.open(target.resolve("f"))) {
            releaser = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    open.close();
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            releaser.start();
            mounter.unmount(target);
        } catch (IOException e) {
            mounter.detach(target);
            throw e;
        }
        releaser.join();
        assertFalse(Files.exists(target.resolve("f")), "unmounted once the descriptor was closed");
    }

    @Test
    void failuresBecomeIOExceptionsAndUnmountingNothingIsANoOp() throws IOException {
        Path missing = dir.resolve("missing");
        Path target = Files.createDirectories(dir.resolve("target"));
        try {
            assertThrows(IOException.class, () ->
                    mounter.mount(List.of(Mount.of("bind", missing.toString(), List.of("rbind"))), target));
            assertThrows(IOException.class, () ->
                    mounter.mount(List.of(Mount.of("no-such-fs", "none", List.of())), target));
        } finally {
            mounter.unmount(target);
        }
        mounter.unmount(missing);
    }
}
