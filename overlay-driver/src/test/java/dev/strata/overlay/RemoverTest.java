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
    /** Longer than any test: deletions wait for close or for a bound. */
    private static final Duration NEVER_QUIET = Duration.ofHours(1);
    private static final Duration NO_AGE_BOUND = Duration.ofHours(1);
    private static final long NO_BYTE_BOUND = Long.MAX_VALUE;

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
        Remover remover = new Remover(snapshots, NEVER_QUIET, NO_AGE_BOUND, NO_BYTE_BOUND);

        remover.discard(7, removed, 0);
        assertFalse(Files.exists(removed));
        remover.close();

        assertEquals(List.of("8"), entries());
        assertTrue(remover.leftNothing());
    }

    @Test
    void discardedDirectoryIsDeletedOnceCallsPause() throws Exception {
        Remover remover = new Remover(snapshots, Duration.ofMillis(1), NO_AGE_BOUND, NO_BYTE_BOUND);
        try {
            remover.noteActivity();
            remover.discard(7, snapshotDirectory("7"), 0);

            awaitEntries(List.of());
        } finally {
            remover.close();
        }
    }

    @Test
    void deletionsThatWaitedTheLongestAllowedDoNotWaitForAPause() throws Exception {
        Remover remover = new Remover(snapshots, NEVER_QUIET, Duration.ofMillis(1), NO_BYTE_BOUND);
        try {
            remover.noteActivity();
            remover.discard(1, snapshotDirectory("1"), 0);

            awaitEntries(List.of());
        } finally {
            remover.close();
        }
    }

    @Test
    void deletionsHoldingMoreThanTheBoundAreAllDeletedWithoutAPause() throws Exception {
        Remover remover = new Remover(snapshots, NEVER_QUIET, NO_AGE_BOUND, 10);
        try {
            remover.discard(1, snapshotDirectory("1"), 4);
            remover.discard(2, snapshotDirectory("2"), 4);
            assertEquals(List.of("removed-1", "removed-2"), entries(), "8 bytes of 10 wait for a pause");

            remover.discard(3, snapshotDirectory("3"), 4);
            awaitEntries(List.of());
        } finally {
            remover.close();
        }
    }

    @Test
    void leftoversOfACrashAreDeletedBySweepLeftovers() throws Exception {
        snapshotDirectory("removed-5");
        snapshotDirectory("6");
        Remover remover = new Remover(snapshots, Duration.ZERO, NO_AGE_BOUND, NO_BYTE_BOUND);

        remover.sweepLeftovers();
        awaitEntries(List.of("6"));
        remover.close();

        assertTrue(remover.leftNothing());
    }

    @Test
    void closeRunsASweepThatWaitsForAPause() throws IOException {
        snapshotDirectory("removed-5");
        Remover remover = new Remover(snapshots, NEVER_QUIET, NO_AGE_BOUND, NO_BYTE_BOUND);

        remover.sweepLeftovers();
        remover.close();

        assertEquals(List.of(), entries());
        assertTrue(remover.leftNothing());
    }

    @Test
    void discardAfterCloseLeavesTheDirectoryAndSaysSo() throws IOException {
        Remover remover = new Remover(snapshots, NEVER_QUIET, NO_AGE_BOUND, NO_BYTE_BOUND);
        remover.close();

        remover.discard(7, snapshotDirectory("7"), 0);

        assertEquals(List.of("removed-7"), entries());
        assertFalse(remover.leftNothing());
    }
}
