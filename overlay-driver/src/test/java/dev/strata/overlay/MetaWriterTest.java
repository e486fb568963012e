package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.UnavailableException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaWriterTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private MetaStore store;
    private MetaWriter writer;
    private final ExecutorService callers = Executors.newFixedThreadPool(8);

    @BeforeEach
    void open() {
        store = MetaStore.open(dir.resolve("metadata"));
        writer = new MetaWriter(store);
    }

    @AfterEach
    void close() {
        callers.shutdownNow();
        writer.close();
        store.close();
    }

    private Future<SnapshotLayers> prepareLater(String key) {
        return callers.submit(() -> writer.write(tx -> store.create(tx, Kind.ACTIVE, key, "", Map.of(), NOW)));
    }

    private List<String> keysAfterReopen() {
        writer.close();
        store.close();
        store = MetaStore.open(dir.resolve("metadata"));
        writer = new MetaWriter(store);
        List<String> keys = new ArrayList<>();
        try (MetaTransaction tx = store.begin(false)) {
            store.forEach(tx, record -> keys.add(record.name()));
        }
        return keys.stream().sorted().toList();
    }

    @Test
    void concurrentChangesAreAllDurableWhenAcknowledged() throws Exception {
        List<Future<SnapshotLayers>> calls = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            expected.add(String.format("key-%03d", i));
            calls.add(prepareLater(expected.get(i)));
        }
        List<Long> ids = new ArrayList<>();
        for (Future<SnapshotLayers> call : calls) {
            ids.add(call.get().id());
        }

        assertEquals(200, ids.stream().distinct().count(), "each change got its own id");
        assertEquals(expected, keysAfterReopen());
    }

    @Test
    void aFailingChangeFailsAloneWithinItsBatch() throws Exception {
        writer.write(tx -> store.create(tx, Kind.ACTIVE, "taken", "", Map.of(), NOW));
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holder = holdWriter(release);
        // queued while the writer is busy, so that they are committed as one batch
        CompletableFuture<SnapshotLayers> before = writer.submit(tx -> store.create(tx, Kind.ACTIVE, "before", "", Map.of(), NOW));
        CompletableFuture<SnapshotLayers> failing = writer.submit(tx -> {
            store.create(tx, Kind.ACTIVE, "half-done", "", Map.of(), NOW);
            return store.create(tx, Kind.ACTIVE, "taken", "", Map.of(), NOW);
        });
        CompletableFuture<SnapshotLayers> after = writer.submit(tx -> store.create(tx, Kind.ACTIVE, "after", "", Map.of(), NOW));
        assertEquals(3, writer.queued());
        release.countDown();

        holder.get();
        before.get();
        after.get();
        ExecutionException failure = assertThrows(ExecutionException.class, failing::get);
        assertTrue(failure.getCause() instanceof AlreadyExistsException, failure.getCause().toString());
        assertEquals(List.of("after", "before", "taken"), keysAfterReopen(), "the failed change left nothing behind");
    }

    @Test
    void changesQueuedWhileTheWriterIsBusyAreAcknowledgedAfterOneCommit() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holder = holdWriter(release);
        List<CompletableFuture<SnapshotLayers>> queued = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String key = String.format("key-%02d", i);
            queued.add(writer.submit(tx -> store.create(tx, Kind.ACTIVE, key, "", Map.of(), NOW)));
        }
        // runs as the first change is acknowledged, before the writer acknowledges the others
        CompletableFuture<Long> committedAtFirstAck = queued.get(0).thenApply(first -> committedCount());
        release.countDown();

        holder.get();
        for (CompletableFuture<SnapshotLayers> change : queued) {
            change.get();
        }
        assertEquals(50, committedAtFirstAck.get(), "all 50 changes were durable when the first was acknowledged");
    }

    @Test
    void closeFinishesQueuedChangesAndRefusesNewOnes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> holder = holdWriter(release);
        CompletableFuture<SnapshotLayers> queued = writer.submit(tx -> store.create(tx, Kind.ACTIVE, "queued", "", Map.of(), NOW));
        Future<?> closing = callers.submit(writer::close);
        CompletableFuture<Object> refused;
        do {
            refused = writer.submit(tx -> null);
        } while (!refused.isDone());
        release.countDown();
        closing.get();

        assertTrue(holder.isDone() && queued.isDone(), "close returned after the queued changes were acknowledged");
        queued.get();
        ExecutionException failure = assertThrows(ExecutionException.class, refused::get);
        assertTrue(failure.getCause() instanceof UnavailableException, failure.getCause().toString());
        assertEquals(List.of("queued"), keysAfterReopen());
    }

    @Test
    void writesAfterCloseAreRefused() {
        writer.close();
        assertThrows(UnavailableException.class, () -> writer.write(tx -> null));
    }

    /** Occupies the writer thread with a change that waits for {@code release}, so that later changes queue. */
    private CompletableFuture<Object> holdWriter(CountDownLatch release) throws InterruptedException {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CompletableFuture<Object> holder = writer.submit(tx -> {
            writerHeld.countDown();
            await(release);
            return null;
        });
        writerHeld.await();
        return holder;
    }

    private long committedCount() {
        try (MetaTransaction tx = store.begin(false)) {
            long[] count = {0};
            store.forEach(tx, record -> count[0]++);
            return count[0];
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
