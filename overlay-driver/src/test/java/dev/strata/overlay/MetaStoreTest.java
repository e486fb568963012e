package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Labels;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.UnavailableException;
import dev.strata.snapshots.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaStoreTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456789Z");
    private static final Instant T1 = Instant.parse("2026-01-02T00:00:00Z");

    @TempDir
    Path dir;
    private MetaStore store;

    @BeforeEach
    void open() {
        store = MetaStore.open(dir.resolve("metadata"));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aChainReadInAWriteThatRolledBackIsNotKeptForTheIdTheNextCreateTakes() {
        long p = create(Kind.ACTIVE, "p-active", "", Map.of()).id();
        commit("p-active", "p");
        long q = create(Kind.ACTIVE, "q-active", "", Map.of()).id();
        commit("q-active", "q");
        long rolledBack;
        try (MetaTransaction tx = store.begin(true)) {
            rolledBack = store.create(tx, Kind.ACTIVE, "x-active", "p", Map.of(), T0).id();
            store.commitActive(tx, "x-active", "x", Usage.ZERO, Map.of(), T1);
            assertEquals(List.of(rolledBack, p), store.create(tx, Kind.ACTIVE, "x-child", "x", Map.of(), T0).parentIds());
        }
        long reused = create(Kind.ACTIVE, "z-active", "q", Map.of()).id();
        assertEquals(rolledBack, reused, "the id of a rolled back create is taken again");
        commit("z-active", "z");
        create(Kind.ACTIVE, "top", "z", Map.of());
        for (int read = 0; read < 2; read++) {
            try (MetaTransaction tx = store.begin(false)) {
                assertEquals(List.of(reused, q), store.layers(tx, "top").parentIds());
            }
        }
        assertEquals(List.of(reused, q), create(Kind.VIEW, "top-view", "z", Map.of()).parentIds());
    }

    @Test
    void aTransactionAskedOfAClosedStoreIsUnavailableAndTheStoreReopensWhole() {
        create(Kind.ACTIVE, "a", "", Map.of());
        store.close();
        UnavailableException read = assertThrows(UnavailableException.class, () -> store.begin(false));
        assertTrue(read.getMessage().contains("closed"), read.getMessage());
        assertThrows(UnavailableException.class, () -> store.begin(true));
        store = MetaStore.open(dir.resolve("metadata"));
        assertEquals(Kind.ACTIVE, get("a").kind());
    }

    private SnapshotLayers create(Kind kind, String key, String parent, Map<String, String> labels) {
        try (MetaTransaction tx = store.begin(true)) {
            SnapshotLayers layers = store.create(tx, kind, key, parent, labels, T0);
            tx.commit();
            return layers;
        }
    }

    private void commit(String key, String name) {
        try (MetaTransaction tx = store.begin(true)) {
            store.commitActive(tx, key, name, new Usage(4096, 3), Map.of("c", "d"), T1);
            tx.commit();
        }
    }

    private SnapshotRecord get(String key) {
        try (MetaTransaction tx = store.begin(false)) {
            return store.get(tx, key);
        }
    }

    @Test
    void createdSnapshotReadsBackWithItsFields() {
        SnapshotLayers layers = create(Kind.ACTIVE, "a", "", Map.of("k", "v"));

        SnapshotRecord record = get("a");
        assertEquals(layers.id(), record.id());
        assertEquals(Kind.ACTIVE, record.kind());
        assertEquals("", record.parent());
        assertEquals(Map.of("k", "v"), record.labels());
        assertEquals(T0, record.created());
        assertEquals(T0, record.updated());
        assertEquals(List.of(), layers.parentIds());
    }

    @Test
    void idsAreNeverReused() {
        long first = create(Kind.ACTIVE, "a", "", Map.of()).id();
        try (MetaTransaction tx = store.begin(true)) {
            store.remove(tx, "a");
            tx.commit();
        }
        long second = create(Kind.ACTIVE, "a", "", Map.of()).id();
        assertNotEquals(first, second);
    }

    @Test
    void keysLongerThanLmdbKeyLimitWork() {
        String longKey = "ns/1/" + "x".repeat(8000);
        create(Kind.ACTIVE, longKey, "", Map.of());
        assertEquals(longKey, get(longKey).name());
        assertThrows(NotFoundException.class, () -> get(longKey + "y"));
    }

    @Test
    void commitKeepsIdAndParentAndReplacesLabelsAndUsage() {
        long id = create(Kind.ACTIVE, "a", "", Map.of("k", "v")).id();
        commit("a", "base");

        SnapshotRecord committed = get("base");
        assertEquals(id, committed.id());
        assertEquals(Kind.COMMITTED, committed.kind());
        assertEquals(Map.of("c", "d"), committed.labels());
        assertEquals(new Usage(4096, 3), committed.usage());
        assertEquals(T1, committed.created());
        assertThrows(NotFoundException.class, () -> get("a"));
    }

    @Test
    void parentChainIsNearestFirst() {
        long base = create(Kind.ACTIVE, "a", "", Map.of()).id();
        commit("a", "base");
        long middle = create(Kind.ACTIVE, "b", "base", Map.of()).id();
        commit("b", "middle");

        SnapshotLayers top = create(Kind.VIEW, "v", "middle", Map.of());
        assertEquals(List.of(middle, base), top.parentIds());
        try (MetaTransaction tx = store.begin(false)) {
            assertEquals(List.of(middle, base), store.layers(tx, "v").parentIds());
        }
    }

    @Test
    void createChecksParentThenKey() {
        create(Kind.ACTIVE, "a", "", Map.of());
        try (MetaTransaction tx = store.begin(true)) {
            assertThrows(NotFoundException.class, () -> store.create(tx, Kind.ACTIVE, "a", "missing", Map.of(), T0));
            assertThrows(InvalidArgumentException.class, () -> store.create(tx, Kind.ACTIVE, "b", "a", Map.of(), T0));
            assertThrows(AlreadyExistsException.class, () -> store.create(tx, Kind.VIEW, "a", "", Map.of(), T0));
        }
    }

    @Test
    void commitErrorsFollowContainerd() {
        create(Kind.ACTIVE, "a", "", Map.of());
        create(Kind.VIEW, "v", "", Map.of());
        try (MetaTransaction tx = store.begin(true)) {
            assertThrows(NotFoundException.class, () -> store.commitActive(tx, "missing", "n", Usage.ZERO, Map.of(), T1));
            assertThrows(AlreadyExistsException.class, () -> store.commitActive(tx, "a", "v", Usage.ZERO, Map.of(), T1));
            assertThrows(FailedPreconditionException.class, () -> store.commitActive(tx, "v", "n", Usage.ZERO, Map.of(), T1));
        }
    }

    @Test
    void parentWithChildrenCannotBeRemovedUntilTheyAreGone() {
        create(Kind.ACTIVE, "a", "", Map.of());
        commit("a", "base");
        create(Kind.ACTIVE, "child", "base", Map.of());
        try (MetaTransaction tx = store.begin(true)) {
            assertThrows(FailedPreconditionException.class, () -> store.remove(tx, "base"));
            store.remove(tx, "child");
            store.remove(tx, "base");
            tx.commit();
        }
        assertThrows(NotFoundException.class, () -> get("base"));
    }

    @Test
    void uncommittedTransactionChangesNothing() {
        try (MetaTransaction tx = store.begin(true)) {
            store.create(tx, Kind.ACTIVE, "a", "", Map.of(), T0);
        }
        assertThrows(NotFoundException.class, () -> get("a"));
    }

    @Test
    void updateFieldPaths() {
        create(Kind.ACTIVE, "a", "", Map.of("keep", "1", "drop", "2", "change", "3"));
        Info request = new Info("a", "", Kind.ACTIVE, Map.of("change", "new", "add", "4"), T0, T0);
        try (MetaTransaction tx = store.begin(true)) {
            SnapshotRecord updated = store.update(tx, request, List.of("labels.change", "labels.drop", "labels.add"), T1);
            assertEquals(Map.of("keep", "1", "change", "new", "add", "4"), updated.labels());
            assertEquals(T1, updated.updated());
            assertEquals(T0, updated.created());
            assertEquals(request.labels(), store.update(tx, request, List.of(), T1).labels());
            assertEquals(request.labels(), store.update(tx, request, List.of("labels"), T1).labels());
            assertThrows(InvalidArgumentException.class, () -> store.update(tx, request, List.of("parent"), T1));
            Info tooBig = new Info("a", "", Kind.ACTIVE, Map.of("k", "v".repeat(Labels.MAX_SIZE)), T0, T0);
            assertThrows(InvalidArgumentException.class, () -> store.update(tx, tooBig, List.of(), T1));
        }
    }

    @Test
    void storeSurvivesReopen() {
        create(Kind.ACTIVE, "a", "", Map.of("k", "v"));
        store.close();
        store = MetaStore.open(dir.resolve("metadata"));

        assertEquals(Map.of("k", "v"), get("a").labels());
        List<String> names = new ArrayList<>();
        try (MetaTransaction tx = store.begin(false)) {
            store.forEach(tx, record -> names.add(record.name()));
        }
        assertEquals(List.of("a"), names);
    }

    @Test
    void recordCodecRoundTripsAndRejectsUnknownVersion() {
        SnapshotRecord record = new SnapshotRecord("k\u0000ü", 7, Kind.VIEW, "p", Map.of("a", "b"), T0, T1, new Usage(1, 2));
        assertEquals(record, RecordCodec.decode(RecordCodec.encode(record)));
        byte[] bytes = RecordCodec.encode(record);
        bytes[0] = 99;
        assertThrows(IllegalStateException.class, () -> RecordCodec.decode(bytes));
    }

    @Test
    void forEachIdReadsTheIdsOfRecordsWithAnyName() {
        List<Long> created = new ArrayList<>();
        created.add(create(Kind.ACTIVE, "a", "", Map.of("k", "v")).id());
        created.add(create(Kind.VIEW, "ü ".repeat(400), "", Map.of()).id());
        created.add(create(Kind.ACTIVE, "ns/1/sha256:" + "0".repeat(64), "", Map.of()).id());
        List<Long> ids = new ArrayList<>();
        try (MetaTransaction tx = store.begin(false)) {
            store.forEachId(tx, ids::add);
        }
        assertEquals(created.stream().sorted().toList(), ids.stream().sorted().toList());
    }

    @Test
    void hasNoRecordAfterRemoval() {
        create(Kind.ACTIVE, "a", "", Map.of());
        try (MetaTransaction tx = store.begin(true)) {
            store.remove(tx, "a");
            assertFalse(store.find(tx, "a").isPresent());
            tx.commit();
        }
        try (MetaTransaction tx = store.begin(false)) {
            assertTrue(store.find(tx, "a").isEmpty());
        }
    }
}
