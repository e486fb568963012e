package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoverTest {
    /** Longer than any test: deletions wait for close or for the backlog bound. */
    private static final Duration NEVER_QUIET = Duration.ofHours(1);

    @TempDir
    Path snapshots;

    private Path snapshotDirectory(String name) throws IOException {
        Path directory = Files.createDirectories(snapshots.resolve(name).resolve("fs").resolve("sub"));
        Files.writeString(directory.resolve("file"), "content");
        return snapshots.resolve(name);
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> entries = Files.list(snapshots)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void awaitEntries(List<String> expected) throws IOException, InterruptedException {
        for (int i = 0; i < 3000 && !entries().equals(expected); i++) {
            Thread.sleep(10);
        }
        assertEquals(expected, entries());
    }

    @Test
    void discardedDirectoryLeavesItsPlaceAtOnceAndIsDeletedByClose() throws IOException {
        Path removed = snapshotDirectory("7");
        snapshotDirectory("8");
        Remover remover = new Remover(snapshots, NEVER_QUIET, 100);

        remover.discard(7, removed);
        assertFalse(Files.exists(removed));
        remover.close();

        assertEquals(List.of("8"), entries());
        assertTrue(remover.leftNothing());
    }

    @Test
    void discardedDirectoryIsDeletedOnceCallsPause() throws Exception {
        Remover remover = new Remover(snapshots, Duration.ofMillis(1), 100);
        try {
            remover.noteActivity();
            remover.discard(7, snapshotDirectory("7"));

            awaitEntries(List.of());
        } finally {
            remover.close();
        }
    }

    @Test
    void deletionsBeyondTheBoundDoNotWaitForAPause() throws Exception {
        Remover remover = new Remover(snapshots, NEVER_QUIET, 1);
        try {
            remover.discard(1, snapshotDirectory("1"));
            remover.discard(2, snapshotDirectory("2"));
            remover.discard(3, snapshotDirectory("3"));

            awaitEntries(List.of("removed-3"));
        } finally {
            remover.close();
        }
    }

    @Test
    void leftoversOfACrashAreDeletedBySweepLeftovers() throws Exception {
        snapshotDirectory("removed-5");
        snapshotDirectory("6");
        Remover remover = new Remover(snapshots, Duration.ZERO, 100);

        remover.sweepLeftovers();
        awaitEntries(List.of("6"));
        remover.close();

        assertTrue(remover.leftNothing());
    }

    @Test
    void closeRunsASweepThatWaitsForAPause() throws IOException {
        snapshotDirectory("removed-5");
        Remover remover = new Remover(snapshots, NEVER_QUIET, 100);

        remover.sweepLeftovers();
        remover.close();

        assertEquals(List.of(), entries());
        assertTrue(remover.leftNothing());
    }

    @Test
    void discardAfterCloseLeavesTheDirectoryAndSaysSo() throws IOException {
        Remover remover = new Remover(snapshots, NEVER_QUIET, 100);
        remover.close();

        remover.discard(7, snapshotDirectory("7"));

        assertEquals(List.of("removed-7"), entries());
        assertFalse(remover.leftNothing());
    }
}
