package dev.strata.overlay.lmdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.overlay.lmdb.LmdbEnvironment.Flag;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A close that miscounted the transactions in flight would wait forever: the timeout turns that into a failure. */
@Timeout(60)
class LmdbBindingTest {
    private static final long MAP_SIZE = 64L << 20;

    @TempDir
    Path directory;
    private LmdbEnvironment env;
    private LmdbDatabase db;

    @BeforeEach
    void open() {
        env = LmdbEnvironment.open(directory, MAP_SIZE, 2, Flag.MDB_NOTLS, Flag.MDB_NOSYNC);
        db = env.openDatabase("entries", true);
    }

    @AfterEach
    void close() {
        env.close();
    }

    @Test
    void aCommittedPutIsReadBackAndADeleteRemovesIt() {
        try (LmdbTransaction txn = env.beginWrite()) {
            txn.put(db, text("key"), text("value"));
            txn.commit();
        }
        try (LmdbTransaction txn = env.beginRead()) {
            assertTrue(txn.readOnly());
            ByteBuffer value = txn.get(db, text("key"));
            assertEquals("value", string(value));
            assertEquals("value", new String(value.array(), StandardCharsets.UTF_8), "the copy wraps an array of exactly its bytes");
            assertNull(txn.get(db, text("other")));
        }
        try (LmdbTransaction txn = env.beginWrite()) {
            assertTrue(txn.delete(db, text("key")));
            assertFalse(txn.delete(db, text("key")), "a second delete finds nothing");
            txn.commit();
        }
        try (LmdbTransaction txn = env.beginRead()) {
            assertNull(txn.get(db, text("key")));
        }
    }

    @Test
    void valuesComeBackBigEndianAsTheyWereWritten() {
        try (LmdbTransaction txn = env.beginWrite()) {
            txn.put(db, number(7), number(0x0102030405060708L));
            assertEquals(0x0102030405060708L, txn.get(db, number(7)).getLong(0));
        }
    }

    @Test
    void closingWithoutCommitDiscardsTheChanges() {
        try (LmdbTransaction txn = env.beginWrite()) {
            txn.put(db, text("key"), text("value"));
        }
        try (LmdbTransaction txn = env.beginRead()) {
            assertNull(txn.get(db, text("key")));
        }
    }

    @Test
    void aNestedTransactionHandsItsChangesToItsParentOnlyWhenCommitted() {
        try (LmdbTransaction parent = env.beginWrite()) {
            try (LmdbTransaction kept = env.beginNested(parent)) {
                kept.put(db, text("kept"), text("1"));
                kept.commit();
            }
            try (LmdbTransaction dropped = env.beginNested(parent)) {
                dropped.put(db, text("dropped"), text("2"));
            }
            assertEquals("1", string(parent.get(db, text("kept"))));
            assertNull(parent.get(db, text("dropped")));
            parent.commit();
        }
        try (LmdbTransaction txn = env.beginRead()) {
            assertEquals("1", string(txn.get(db, text("kept"))));
        }
    }

    @Test
    void aScanVisitsKeysInOrderFromTheFirstAtOrAfterItsStartUntilTheVisitorStops() {
        try (LmdbTransaction txn = env.beginWrite()) {
            for (long key : new long[] {40, 10, 30, 20, 50}) {
                txn.put(db, number(key), number(key * 100));
            }
            assertEquals(List.of(10L, 20L, 30L, 40L, 50L), keys(txn, null, Integer.MAX_VALUE));
            assertEquals(List.of(30L, 40L, 50L), keys(txn, number(25), Integer.MAX_VALUE));
            assertEquals(List.of(20L, 30L), keys(txn, number(20), 2));
            assertEquals(List.of(), keys(txn, number(51), Integer.MAX_VALUE));
        }
    }

    @Test
    void aVisitorThatReadsOnItsOwnStillSeesEveryEntryOnce() {
        try (LmdbTransaction txn = env.beginWrite()) {
            for (long key = 1; key <= 5; key++) {
                txn.put(db, number(key), number(key * 100));
            }
            List<Long> seen = new ArrayList<>();
            txn.scan(db, null, (key, value) -> {
                long id = key.getLong(0);
                assertEquals(id * 100, value.getLong(0));
                // a read of another entry reuses the thread's call memory
                assertEquals(100, txn.get(db, number(1)).getLong(0));
                seen.add(id);
                return true;
            });
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seen);
        }
    }

    @Test
    void aFullMapIsReportedAsSuchAndLeavesCommittedEntriesIntact() {
        env.close();
        env = LmdbEnvironment.open(directory.resolve("small"), 1L << 20, 2, Flag.MDB_NOTLS, Flag.MDB_NOSUBDIR);
        db = env.openDatabase("entries", true);
        try (LmdbTransaction txn = env.beginWrite()) {
            txn.put(db, text("kept"), text("value"));
            txn.commit();
        }
        ByteBuffer big = ByteBuffer.allocateDirect(64 << 10);
        LmdbException full = assertThrows(LmdbException.class, () -> {
            try (LmdbTransaction txn = env.beginWrite()) {
                for (long key = 0; ; key++) {
                    txn.put(db, number(key), big.duplicate());
                }
            }
        });
        assertTrue(full.mapFull(), full.getMessage());
        assertFalse(full.diskFull());
        assertTrue(full.getMessage().startsWith("mdb_put(entries): MDB_MAP_FULL"), full.getMessage());
        try (LmdbTransaction txn = env.beginRead()) {
            assertEquals("value", string(txn.get(db, text("kept"))));
        }
    }

    @Test
    void aHeapBufferIsRefusedBeforeLmdbIsCalled() {
        try (LmdbTransaction txn = env.beginWrite()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> txn.put(db, ByteBuffer.wrap(new byte[] {1}), text("value")));
            assertTrue(refused.getMessage().contains("direct buffers"), refused.getMessage());
            txn.put(db, text("key"), text("value"));
            txn.commit();
        }
        try (LmdbTransaction txn = env.beginRead()) {
            assertEquals("value", string(txn.get(db, text("key"))));
        }
    }

    @Test
    void anEndedTransactionOrAClosedEnvironmentRefusesCallsInsteadOfPassingLmdbAFreedHandle() {
        LmdbTransaction txn = env.beginWrite();
        txn.put(db, text("key"), text("value"));
        txn.commit();
        assertThrows(IllegalStateException.class, () -> txn.get(db, text("key")));
        assertThrows(IllegalStateException.class, txn::commit);
        txn.close();
        LmdbTransaction read = env.beginRead();
        read.close();
        assertThrows(IllegalStateException.class, () -> read.scan(db, null, (key, value) -> true));
        env.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, env::beginRead);
        assertTrue(closed.getMessage().contains(directory.toString()), closed.getMessage());
    }

    @Test
    void aCloseWaitsForATransactionInFlightAndRefusesNewOnes() throws Exception {
        try (LmdbTransaction txn = env.beginWrite()) {
            txn.put(db, text("key"), text("value"));
            txn.commit();
        }
        LmdbTransaction inFlight = env.beginRead();
        Thread closer = new Thread(env::close, "closer");
        closer.start();
        while (closer.getState() != Thread.State.TIMED_WAITING && closer.isAlive()) {
            Thread.onSpinWait();
        }
        assertTrue(closer.isAlive(), "the close returned while a transaction was open");
        IllegalStateException refused = assertThrows(IllegalStateException.class, env::beginRead);
        assertTrue(refused.getMessage().endsWith("is closed"), refused.getMessage());
        // LMDB would read unmapped memory here had the environment been closed under the transaction
        assertEquals("value", string(inFlight.get(db, text("key"))));
        inFlight.close();
        closer.join();
    }

    @Test
    void aNestedTransactionEndsWithItsParent() {
        LmdbTransaction parent = env.beginWrite();
        LmdbTransaction child = env.beginNested(parent);
        child.put(db, text("key"), text("value"));
        parent.close();
        assertThrows(IllegalStateException.class, () -> child.get(db, text("key")));
        child.close();
        assertThrows(IllegalStateException.class, () -> env.beginNested(parent));
        try (LmdbTransaction txn = env.beginRead()) {
            assertNull(txn.get(db, text("key")));
        }
    }

    @Test
    void aScanWhoseVisitorEndsTheTransactionStopsThere() {
        LmdbTransaction txn = env.beginWrite();
        txn.put(db, number(1), number(100));
        txn.put(db, number(2), number(200));
        IllegalStateException ended = assertThrows(IllegalStateException.class, () -> txn.scan(db, null, (key, value) -> {
            txn.commit();
            return true;
        }));
        assertTrue(ended.getMessage().contains("ended"), ended.getMessage());
        try (LmdbTransaction read = env.beginRead()) {
            assertEquals(200, read.get(db, number(2)).getLong(0));
        }
    }

    @Test
    void aFailedOpenNamesTheCallThePathAndTheReason() {
        Path missing = directory.resolve("missing.mdb");
        LmdbException failed = assertThrows(LmdbException.class,
                () -> LmdbEnvironment.open(missing, MAP_SIZE, 2, Flag.MDB_NOSUBDIR, Flag.MDB_RDONLY));
        assertEquals("mdb_env_open(" + missing + "): No such file or directory", failed.getMessage());
        assertEquals(2, failed.resultCode());
    }

    @Test
    void aCopyOpensReadOnlyWithTheEntriesCommittedBeforeIt() throws Exception {
        try (LmdbTransaction txn = env.beginWrite()) {
            txn.put(db, text("key"), text("copied"));
            txn.commit();
        }
        Path staging = Files.createDirectory(directory.resolve("copy"));
        env.copyTo(staging);
        try (LmdbTransaction txn = env.beginWrite()) {
            txn.put(db, text("key"), text("after the copy"));
            txn.commit();
        }
        try (LmdbEnvironment copy = LmdbEnvironment.open(staging.resolve("data.mdb"), MAP_SIZE, 2,
                Flag.MDB_NOSUBDIR, Flag.MDB_RDONLY, Flag.MDB_NOLOCK)) {
            LmdbDatabase copied = copy.openDatabase("entries", false);
            try (LmdbTransaction txn = copy.beginRead()) {
                assertEquals("copied", string(txn.get(copied, text("key"))));
            }
        }
    }

    private List<Long> keys(LmdbTransaction txn, ByteBuffer from, int limit) {
        List<Long> keys = new ArrayList<>();
        txn.scan(db, from, (key, value) -> {
            keys.add(key.getLong(0));
            assertEquals(key.getLong(0) * 100, value.getLong(0));
            return keys.size() < limit;
        });
        return keys;
    }

    private static ByteBuffer text(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    }

    private static ByteBuffer number(long number) {
        return ByteBuffer.allocateDirect(Long.BYTES).putLong(number).flip();
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
