package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadyDirectoriesTest {
    private static final int CAPACITY = 3;
    private static final int GIVERS = 16;

    @TempDir
    Path root;
    private StateDirectory state;
    private ReadyDirectories pool;

    /** A full pool: the remover, closed, has run the refill to the end, so no thread touches the pool any more. */
    @BeforeEach
    void fill() throws IOException {
        state = new StateDirectory(root);
        Files.createDirectories(state.snapshots());
        Files.createDirectories(state.ready());
        Remover quietWork = new Remover(Duration.ZERO, Duration.ofHours(1), Long.MAX_VALUE);
        pool = new ReadyDirectories(state, new SnapshotDirectories(state), quietWork, CAPACITY);
        pool.refillWhenQuiet();
        quietWork.close();
        assertEquals(CAPACITY, ready().size());
    }

    private Set<Path> ready() throws IOException {
        try (Stream<Path> entries = Files.list(state.ready())) {
            return entries.collect(Collectors.toSet());
        }
    }

    @Test
    void aDirectoryGivenBackAsMadeIsTakenAgain() throws IOException {
        Set<Path> before = ready();
        Path taken = pool.take();

        assertTrue(pool.giveBack(taken));

        assertEquals(before, ready());
        Set<Path> takenAgain = Stream.generate(pool::take).limit(CAPACITY).collect(Collectors.toSet());
        assertEquals(before, takenAgain);
        assertNull(pool.take(), "the pool holds each directory once");
    }

    @Test
    void directoriesGivenBackTogetherNeverFillThePoolBeyondItsCapacity() throws Exception {
        SnapshotDirectories directories = new SnapshotDirectories(state);
        List<Path> taken = Stream.generate(pool::take).limit(CAPACITY).collect(Collectors.toList());
        for (int i = 0; i < GIVERS - CAPACITY; i++) {
            taken.add(directories.makeAhead());
        }
        ExecutorService givers = Executors.newFixedThreadPool(GIVERS);
        try {
            // one round rarely lands two checks of a full pool before an add: many rounds do
            for (int round = 0; round < 50; round++) {
                assertEquals(CAPACITY, giveBackTogether(taken, givers), "directories taken back in round " + round);
                assertEquals(CAPACITY, Stream.generate(pool::take).takeWhile(Objects::nonNull).count());
            }
        } finally {
            givers.shutdownNow();
        }
    }

    private long giveBackTogether(List<Path> taken, ExecutorService givers) throws Exception {
        CyclicBarrier start = new CyclicBarrier(taken.size());
        List<Future<Boolean>> givenBack = new ArrayList<>();
        for (Path directory : taken) {
            givenBack.add(givers.submit(() -> {
                start.await();
                return pool.giveBack(directory);
            }));
        }
        long accepted = 0;
        for (Future<Boolean> each : givenBack) {
            accepted += each.get() ? 1 : 0;
        }
        return accepted;
    }

    @Test
    void aDirectoryWithSomethingWrittenIsNotTakenBack() throws IOException {
        Path taken = pool.take();
        Files.writeString(taken.resolve("fs").resolve("file"), "written");

        assertFalse(pool.giveBack(taken));
    }

    @Test
    void aDirectoryMovedOutOfReadyIsNotTakenBack() throws IOException {
        Path moved = Files.move(pool.take(), state.snapshots().resolve("new-moved"));

        assertFalse(pool.giveBack(moved));
    }

    @Test
    void nothingIsTakenBackOnceStopped() {
        Path taken = pool.take();
        pool.stop();

        assertFalse(pool.giveBack(taken));
    }

    @Test
    void deleteReadyDeletesATakenDirectoryThatWasNotRenamedAndTakeThenGivesNone() throws IOException {
        Path taken = pool.take();
        assertNotNull(taken);

        pool.stop();
        assertTrue(pool.deleteReady());

        assertEquals(Set.of(), ready(), "the directory a refused create still held is gone too");
        assertNull(pool.take());
    }
}
