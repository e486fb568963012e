package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Usage;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start finds after the last instance stopped: an unclean stop is recovered from the
 * checkpoint and the log alone, whatever LMDB's own file holds, since LMDB commits without flushes.
 * A kill -9 is modelled by closing the store and deleting what a killed process would not have left
 * (the {@code synced} marker, LMDB's file); a power loss by putting back the content a file had
 * before writes that nobody flushed.
 */
class MetaRecoveryTest {
    /** Small enough that the changes below fill the log segments many times over. */
    private static final long SEGMENT_LIMIT = 8192;
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path dir;
    private MetaStore store;

    private Path metadata() {
        return dir.resolve("metadata");
    }

    private void open() {
        store = MetaStore.open(metadata(), SEGMENT_LIMIT, () -> { });
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** Prepares, commits and removes through the writer, one call at a time: one log record each. */
    private void makeChanges(String prefix, int count) {
        try (MetaWriter writer = new MetaWriter(store)) {
            for (int i = 0; i < count; i++) {
                String key = prefix + i;
                writer.write(tx -> store.create(tx, Kind.ACTIVE, key, "", Map.of("n", key), NOW));
                String committed = key + "-c";
                if (i % 3 == 0) {
                    writer.write(tx -> store.commitActive(tx, key, committed, new Usage(1, 1), Map.of(), NOW));
                }
                String removed = i % 3 == 0 ? committed : key;
                if (i % 5 == 0) {
                    writer.write(tx -> store.remove(tx, removed));
                }
            }
        }
    }

    private LogPosition logEnd() throws ReflectiveOperationException {
        Field field = MetaStore.class.getDeclaredField("log");
        field.setAccessible(true);
        return ((MetaLog) field.get(store)).end();
    }

    private void create(MetaWriter writer, String key) {
        writer.write(tx -> store.create(tx, Kind.ACTIVE, key, "", Map.of("n", key), NOW));
    }

    private MetaCheckpoint checkpoint() throws ReflectiveOperationException {
        Field field = MetaStore.class.getDeclaredField("checkpoint");
        field.setAccessible(true);
        return (MetaCheckpoint) field.get(store);
    }

    private boolean exists(String key) {
        try (MetaTransaction tx = store.begin(false)) {
            return store.find(tx, key).isPresent();
        }
    }

    private void awaitCheckpointIn(int segment) throws InterruptedException {
        for (int i = 0; i < 1000 && MetaCheckpoint.position(metadata()).segment() != segment; i++) {
            Thread.sleep(10);
        }
        assertEquals(segment, MetaCheckpoint.position(metadata()).segment());
    }

    private List<SnapshotRecord> records() {
        List<SnapshotRecord> records = new ArrayList<>();
        try (MetaTransaction tx = store.begin(false)) {
            store.forEach(tx, records::add);
        }
        records.sort(Comparator.comparing(SnapshotRecord::name));
        return records;
    }

    private long lastId() {
        try (MetaTransaction tx = store.begin(false)) {
            return store.lastId(tx);
        }
    }

    /**
     * Leaves the store as a power loss could: no mark of a clean close, and none of LMDB's writes
     * since the last checkpoint on disk (here: no LMDB file at all).
     */
    private void loseEverythingButCheckpointAndLog() throws IOException {
        store.close();
        store = null;
        Files.delete(metadata().resolve("synced"));
        Files.delete(metadata().resolve("data.mdb"));
    }

    @Test
    void anUncleanStopIsRecoveredFromTheCheckpointAndTheLog() throws IOException {
        open();
        makeChanges("a", 600);
        List<SnapshotRecord> before = records();
        long lastIdBefore = lastId();
        assertTrue(MetaCheckpoint.position(metadata()).sequence() > 0, "the log filled segments, so checkpoints were taken");

        loseEverythingButCheckpointAndLog();
        open();

        assertEquals(before, records());
        assertEquals(lastIdBefore, lastId());
    }

    @Test
    void aSnapshotCreatedWhileACheckpointFlushesTheDescribedFilesIsLeftToTheReplay() throws Exception {
        AtomicBoolean createDuringFlush = new AtomicBoolean();
        store = MetaStore.open(metadata(), SEGMENT_LIMIT, () -> {
            if (createDuringFlush.getAndSet(false)) {
                try (MetaTransaction tx = store.begin(true)) {
                    store.create(tx, Kind.ACTIVE, "during-checkpoint", "", Map.of(), NOW);
                    tx.commit();
                }
            }
        });
        makeChanges("a", 10);
        createDuringFlush.set(true);
        checkpoint().take();
        long createdDuring;
        try (MetaTransaction tx = store.begin(false)) {
            createdDuring = store.get(tx, "during-checkpoint").id();
        }

        loseEverythingButCheckpointAndLog();
        open();

        assertTrue(exists("during-checkpoint"));
        assertTrue(filesUncheckedAfter() < createdDuring, "the snapshot's files are left for the owner to check");
        // a checkpoint after the replay, then another unclean stop before the owner checked the files
        checkpoint().take();
        loseEverythingButCheckpointAndLog();
        open();
        assertTrue(filesUncheckedAfter() < createdDuring, "still unchecked after a second unclean stop");

        try (MetaWriter writer = new MetaWriter(store)) {
            writer.write(tx -> {
                store.markFilesChecked(tx);
                return null;
            });
            create(writer, "after-check");
        }
        loseEverythingButCheckpointAndLog();
        open();
        assertEquals(createdDuring, filesUncheckedAfter(), "only snapshots created after the check are unchecked");
        store.close();
        store = null;
        open();
        assertEquals(createdDuring, filesUncheckedAfter(), "a clean close keeps what is unchecked");
    }

    private long filesUncheckedAfter() {
        try (MetaTransaction tx = store.begin(false)) {
            return store.filesUncheckedAfter(tx);
        }
    }

    @Test
    void aCloseThatCannotFlushTheDescribedFilesLeavesTheNextStartToReplayTheLog() throws IOException {
        AtomicBoolean failing = new AtomicBoolean();
        store = MetaStore.open(metadata(), SEGMENT_LIMIT, () -> {
            if (failing.get()) {
                throw new IOException("disk gone");
            }
        });
        makeChanges("a", 10);
        failing.set(true);
        store.close();
        store = null;

        assertFalse(Files.exists(metadata().resolve("synced")));
        open();
        assertTrue(filesUncheckedAfter() < lastId(), "the changes were replayed and their files are unchecked");
    }

    @Test
    void aCheckpointFlushesTheDescribedFilesBeforeItReplacesTheLastCheckpoint() throws Exception {
        Path checkpointFile = metadata().resolve(MetaCheckpoint.FILE);
        AtomicBoolean taking = new AtomicBoolean();
        AtomicReference<Object> checkpointAtFlush = new AtomicReference<>();
        store = MetaStore.open(metadata(), SEGMENT_LIMIT, () -> {
            if (taking.get()) {
                checkpointAtFlush.set(fileKey(checkpointFile));
            }
        });
        makeChanges("a", 10);
        Object last = fileKey(checkpointFile);

        taking.set(true);
        checkpoint().take();
        taking.set(false);

        assertEquals(last, checkpointAtFlush.get(), "the files were flushed while the last checkpoint was still in place");
        assertNotEquals(last, fileKey(checkpointFile), "the new checkpoint replaced the last");
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    @Test
    void aSecondUncleanStopBeforeTheFilesWereCheckedKeepsTheLowerUncheckedId() throws IOException {
        open();
        try (MetaWriter writer = new MetaWriter(store)) {
            create(writer, "first");
        }
        long first = idOf("first");
        loseEverythingButCheckpointAndLog();
        open();
        assertTrue(filesUncheckedAfter() < first);

        // the replay's checkpoint covers "first"; a later record is replayed after the next unclean stop
        try (MetaWriter writer = new MetaWriter(store)) {
            create(writer, "second");
        }
        loseEverythingButCheckpointAndLog();
        open();

        assertTrue(filesUncheckedAfter() < first, "the files of \"first\" are still unchecked");
    }

    @Test
    void aSnapshotMarkedLostStaysMarkedAcrossStopsUntilTheMarkIsCleared() throws IOException {
        open();
        try (MetaWriter writer = new MetaWriter(store)) {
            create(writer, "lost");
            create(writer, "kept");
            writer.write(tx -> {
                store.markLost(tx, store.get(tx, "lost").id());
                return null;
            });
        }
        long lost = idOf("lost");

        loseEverythingButCheckpointAndLog();
        open();
        assertEquals(Set.of(lost), lostIds(), "after an unclean stop");
        store.close();
        store = null;
        open();
        assertEquals(Set.of(lost), lostIds(), "after a clean stop");

        try (MetaWriter writer = new MetaWriter(store)) {
            writer.write(tx -> {
                store.clearLost(tx, lost);
                return null;
            });
        }
        loseEverythingButCheckpointAndLog();
        open();
        assertEquals(Set.of(), lostIds());
    }

    private long idOf(String key) {
        try (MetaTransaction tx = store.begin(false)) {
            return store.get(tx, key).id();
        }
    }

    private Set<Long> lostIds() {
        try (MetaTransaction tx = store.begin(false)) {
            return store.lostIds(tx);
        }
    }

    @Test
    void theStoreKeepsWorkingAfterARecovery() throws IOException {
        open();
        makeChanges("a", 200);
        loseEverythingButCheckpointAndLog();
        open();
        makeChanges("b", 200);
        List<SnapshotRecord> before = records();

        loseEverythingButCheckpointAndLog();
        open();

        assertEquals(before, records());
    }

    @Test
    void aCleanCloseNeedsNeitherTheLogNorTheCheckpoint() throws IOException {
        open();
        makeChanges("a", 300);
        List<SnapshotRecord> before = records();
        store.close();
        store = null;
        for (String segment : List.of("log-0", "log-1")) {
            Files.write(metadata().resolve(segment), new byte[(int) Files.size(metadata().resolve(segment))]);
        }
        Files.delete(metadata().resolve(MetaCheckpoint.FILE));

        open();

        assertEquals(before, records());
    }

    @Test
    void aStoreWithoutCheckpointIsTakenAsItIsAndCheckpointedBeforeItChanges() throws IOException {
        open();
        makeChanges("a", 100);
        List<SnapshotRecord> written = records();
        store.close();
        store = null;
        // as a store of a version without the log leaves it, with log files of an earlier life beside it
        Files.delete(metadata().resolve(MetaCheckpoint.FILE));
        Files.delete(metadata().resolve("synced"));

        open();
        assertEquals(written, records());
        makeChanges("b", 100);
        List<SnapshotRecord> before = records();
        loseEverythingButCheckpointAndLog();
        open();

        assertEquals(before, records());
    }

    /**
     * Life A is killed between writing record k (the one that fills segment 1) and its fdatasync: the
     * record is in the page cache only. Life B replays it from the page cache, switches to segment 0
     * (the checkpoint lies in segment 1) and acknowledges change X after flushing segment 0 alone. A
     * power loss then drops record k, which nobody flushed; life C replays from the checkpoint, finds
     * no record k, looks for its sequence number at the start of segment 0, finds X's (k+1) and stops:
     * the acknowledged X is lost.
     */
    @Test
    void aChangeAcknowledgedAfterAReplayDoesNotDependOnReplayedRecordsThatWereNeverFlushed() throws Exception {
        open();
        byte[] segmentBeforeLastRecord;
        try (MetaWriter writer = new MetaWriter(store)) {
            int i = 0;
            while (logEnd().segment() != 1) {
                create(writer, "a" + i++);
            }
            // the background checkpoint of segment 1 is taken before the records that follow
            awaitCheckpointIn(1);
            while (true) {
                segmentBeforeLastRecord = Files.readAllBytes(metadata().resolve("log-1"));
                create(writer, "a" + i++);
                if (logEnd().offset() >= SEGMENT_LIMIT) {
                    break;
                }
            }
            assertEquals(1, logEnd().segment());
        }
        loseEverythingButCheckpointAndLog();

        open();
        byte[] checkpointBeforeX = Files.readAllBytes(metadata().resolve(MetaCheckpoint.FILE));
        try (MetaWriter writer = new MetaWriter(store)) {
            create(writer, "x");
        }
        assertEquals(0, logEnd().segment(), "X went to the start of the other segment");
        assertTrue(exists("x"));
        loseEverythingButCheckpointAndLog();
        // killed before the background checkpoint after X was renamed into place...
        Files.write(metadata().resolve(MetaCheckpoint.FILE), checkpointBeforeX);
        // ...and then the power went: segment 1 was last flushed before record k was written
        Files.write(metadata().resolve("log-1"), segmentBeforeLastRecord);

        open();
        assertTrue(exists("x"), "the change acknowledged after the replay survives");
    }

    /**
     * The same gap without a segment switch: life A is killed between writing record k and its
     * fdatasync; life B replays k from the page cache and closes cleanly (LMDB's file, holding k, is
     * flushed and marked); the power goes before segment 0 with k is written back. Life C trusts
     * LMDB's file and acknowledges X, logged after the hole where k was; a kill -9 of life C then
     * makes life D replay from the checkpoint, which stops at the hole: the acknowledged X is lost.
     */
    @Test
    void aChangeAcknowledgedAfterACleanCloseOfAReplayingLifeSurvivesAPowerLossAndAKill() throws Exception {
        open();
        byte[] segmentBeforeLastRecord;
        try (MetaWriter writer = new MetaWriter(store)) {
            for (int i = 0; i < 10; i++) {
                create(writer, "a" + i);
            }
            segmentBeforeLastRecord = Files.readAllBytes(metadata().resolve("log-0"));
            create(writer, "k");
            assertEquals(0, logEnd().segment());
        }
        loseEverythingButCheckpointAndLog();

        open();
        assertTrue(exists("k"));
        store.close();
        store = null;
        // the power goes: nobody flushed record k
        Files.write(metadata().resolve("log-0"), segmentBeforeLastRecord);

        open();
        try (MetaWriter writer = new MetaWriter(store)) {
            create(writer, "x");
        }
        assertEquals(0, logEnd().segment());
        loseEverythingButCheckpointAndLog();

        open();
        assertTrue(exists("x"), "the change acknowledged after the clean close survives");
    }
}
