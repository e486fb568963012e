package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a start finds after the last instance stopped: an unclean stop is recovered from the
 * checkpoint and the log alone, whatever LMDB's own file holds, since LMDB commits without flushes.
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
        store = MetaStore.open(metadata(), SEGMENT_LIMIT);
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
}
