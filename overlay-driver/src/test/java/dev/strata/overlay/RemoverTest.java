package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
    void discardedDirectoryWaitsAndIsDeletedByClose() throws IOException {
        Path removed = snapshotDirectory("7");
        snapshotDirectory("8");
        Remover remover = new Remover(NEVER_QUIET, NO_AGE_BOUND, NO_BYTE_BOUND);

        remover.discard(removed, 0);
        assertEquals(List.of("7", "8"), entries(), "nothing is deleted while calls come");
        remover.close();

        assertEquals(List.of("8"), entries());
        assertTrue(remover.leftNothing());
    }

    @Test
    void discardedDirectoryIsDeletedOnceCallsPause() throws Exception {
        Remover remover = new Remover(Duration.ofMillis(1), NO_AGE_BOUND, NO_BYTE_BOUND);
        try {
            remover.noteActivity();
            remover.discard(snapshotDirectory("7"), 0);

            awaitEntries(List.of());
        } finally {
            remover.close();
        }
    }

    @Test
    void deletionsThatWaitedTheLongestAllowedDoNotWaitForAPause() throws Exception {
        Remover remover = new Remover(NEVER_QUIET, Duration.ofMillis(1), NO_BYTE_BOUND);
        try {
            remover.noteActivity();
            remover.discard(snapshotDirectory("1"), 0);

            awaitEntries(List.of());
        } finally {
            remover.close();
        }
    }

    @Test
    void deletionsHoldingMoreThanTheBoundAreAllDeletedWithoutAPause() throws Exception {
        Remover remover = new Remover(NEVER_QUIET, NO_AGE_BOUND, 10);
        try {
            remover.discard(snapshotDirectory("1"), 4);
            remover.discard(snapshotDirectory("2"), 4);
            assertEquals(List.of("1", "2"), entries(), "8 bytes of 10 wait for a pause");

            remover.discard(snapshotDirectory("3"), 4);
            awaitEntries(List.of());
        } finally {
            remover.close();
        }
    }

    @Test
    void aSweepDeletesWhatItFindsOnceCallsPause() throws Exception {
        Path orphan = snapshotDirectory("5");
        snapshotDirectory("6");
        Remover remover = new Remover(Duration.ZERO, NO_AGE_BOUND, NO_BYTE_BOUND);

        remover.sweep(() -> List.of(orphan));
        awaitEntries(List.of("6"));
        remover.close();

        assertTrue(remover.leftNothing());
    }

    @Test
    void closeRunsASweepThatWaitsForAPause() throws IOException {
        Path orphan = snapshotDirectory("5");
        Remover remover = new Remover(NEVER_QUIET, NO_AGE_BOUND, NO_BYTE_BOUND);

        remover.sweep(() -> List.of(orphan));
        remover.close();

        assertEquals(List.of(), entries());
        assertTrue(remover.leftNothing());
    }

    @Test
    void aQuietTaskWaitsForAPauseEvenWhileABoundDrainsDeletionsAndCloseRunsIt() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        Remover remover = new Remover(NEVER_QUIET, NO_AGE_BOUND, 10);
        remover.noteActivity();
        remover.whenQuiet(() -> ran.set(true));

        remover.discard(snapshotDirectory("1"), 11);
        awaitEntries(List.of());
        assertFalse(ran.get(), "calls have not paused");
        remover.close();

        assertTrue(ran.get());
        assertTrue(remover.leftNothing());
    }

    @Test
    void aFailingTaskLeavesTheRemoverWorking() throws Exception {
        Remover remover = new Remover(Duration.ZERO, NO_AGE_BOUND, NO_BYTE_BOUND);
        try {
            remover.whenQuiet(() -> {
                throw new IllegalStateException("task failed");
            });
            remover.discard(snapshotDirectory("1"), 0);

            awaitEntries(List.of());
        } finally {
            remover.close();
        }
        assertFalse(remover.leftNothing(), "a failed task may have left something");
    }

    @Test
    void discardAfterCloseLeavesTheDirectoryAndSaysSo() throws IOException {
        Remover remover = new Remover(NEVER_QUIET, NO_AGE_BOUND, NO_BYTE_BOUND);
        remover.close();

        remover.discard(snapshotDirectory("7"), 0);

        assertEquals(List.of("7"), entries());
        assertFalse(remover.leftNothing());
    }

    @Test
    void aDirectoryAlreadyDeletedCountsAsDeleted() throws IOException {
        Path removed = snapshotDirectory("7");
        Remover remover = new Remover(NEVER_QUIET, NO_AGE_BOUND, NO_BYTE_BOUND);

        remover.discard(removed, 0);
        FileTrees.delete(removed);
        remover.close();

        assertEquals(List.of(), entries());
        assertTrue(remover.leftNothing());
    }
}
