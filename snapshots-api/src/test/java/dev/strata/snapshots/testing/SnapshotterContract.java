package dev.strata.snapshots.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link Snapshotter} javadoc contract as a test suite, at the API level: it never mounts what the
 * snapshotter returns. Extend it with a factory for the implementation under test; each case gets a fresh
 * snapshotter on an empty root directory, closed after the case, after which {@link #cleanUp} runs.
 */
public abstract class SnapshotterContract {
    private static final String GC_ROOT = "containerd.io/gc.root";
    private static final String BIG_VALUE = "x".repeat(4096);

    @TempDir
    Path root;

    /** The snapshotter under test, made fresh for each case. */
    protected Snapshotter snapshotter;

    /** Makes the snapshotter under test, keeping its state in {@code root}, an empty directory. */
    protected abstract Snapshotter newSnapshotter(Path root) throws Exception;

    /** Runs after the snapshotter of a case is closed: undo whatever else the factory set up (mounts, servers). */
    protected void cleanUp(Path root) throws Exception {
    }

    @BeforeEach
    final void openSnapshotter() throws Exception {
        snapshotter = newSnapshotter(root);
    }

    @AfterEach
    final void closeSnapshotter() throws Exception {
        try {
            snapshotter.close();
        } finally {
            cleanUp(root);
        }
    }

    // ---- the lifecycle ----

    @Test
    void prepareMakesAnActiveSnapshotWithItsLabels() {
        List<Mount> mounts = snapshotter.prepare("a", "", Map.of("l", "1"));

        Info info = snapshotter.stat("a");
        assertEquals("a", info.name());
        assertEquals("", info.parent());
        assertEquals(Kind.ACTIVE, info.kind());
        assertEquals(Map.of("l", "1"), info.labels());
        assertNotNull(mounts);
        assertEquals(mounts, snapshotter.mounts("a"));
    }

    @Test
    void viewMakesAViewSnapshotOfACommittedParent() {
        committed("p", "");

        List<Mount> mounts = snapshotter.view("v", "p", Map.of("l", "1"));

        Info info = snapshotter.stat("v");
        assertEquals("p", info.parent());
        assertEquals(Kind.VIEW, info.kind());
        assertEquals(Map.of("l", "1"), info.labels());
        assertEquals(mounts, snapshotter.mounts("v"));
    }

    @Test
    void viewWithoutAParentIsAllowed() {
        snapshotter.view("v", "", Map.of());

        assertEquals(Kind.VIEW, snapshotter.stat("v").kind());
    }

    @Test
    void commitTurnsTheActiveKeyIntoACommittedNameWithTheSameParent() {
        committed("p", "");
        snapshotter.prepare("a", "p", Map.of("active", "label"));

        snapshotter.commit("c", "a", Map.of("committed", "label"));

        Info info = snapshotter.stat("c");
        assertEquals("c", info.name());
        assertEquals("p", info.parent());
        assertEquals(Kind.COMMITTED, info.kind());
        assertEquals(Map.of("committed", "label"), info.labels(), "commit replaces labels, it does not inherit them");
        assertThrows(NotFoundException.class, () -> snapshotter.stat("a"));
    }

    @Test
    void aCommittedSnapshotParentsActiveAndViewSnapshotsAcrossGenerations() {
        committed("base", "");
        committed("middle", "base");
        snapshotter.prepare("a", "middle", Map.of());
        snapshotter.view("v", "middle", Map.of());

        assertEquals("base", snapshotter.stat("middle").parent());
        assertEquals("middle", snapshotter.stat("a").parent());
        assertEquals("middle", snapshotter.stat("v").parent());
    }

    @Test
    void removeDropsSnapshotsOfEveryKind() {
        committed("c", "");
        snapshotter.prepare("a", "c", Map.of());
        snapshotter.view("v", "c", Map.of());

        snapshotter.remove("a");
        snapshotter.remove("v");
        snapshotter.remove("c");

        for (String key : List.of("a", "v", "c")) {
            assertThrows(NotFoundException.class, () -> snapshotter.stat(key));
        }
        assertEquals(Set.of(), names(List.of()));
    }

    @Test
    void aRemovedKeyIsReusableAtOnce() {
        snapshotter.prepare("k", "", Map.of("generation", "1"));
        snapshotter.remove("k");
        committed("p", "");

        snapshotter.view("k", "p", Map.of("generation", "2"));

        Info info = snapshotter.stat("k");
        assertEquals(Kind.VIEW, info.kind());
        assertEquals("p", info.parent());
        assertEquals(Map.of("generation", "2"), info.labels());
    }

    @Test
    void aRemovedCommittedNameIsReusableAtOnce() {
        committed("c", "");
        snapshotter.remove("c");

        snapshotter.prepare("c", "", Map.of());
        assertEquals(Kind.ACTIVE, snapshotter.stat("c").kind());
        snapshotter.remove("c");
        committed("c", "");
        assertEquals(Kind.COMMITTED, snapshotter.stat("c").kind());
    }

    @Test
    void aCommittedKeyIsReusableAsAnActiveKeyAtOnce() {
        snapshotter.prepare("a", "", Map.of());
        snapshotter.commit("c", "a", Map.of());

        snapshotter.prepare("a", "c", Map.of());

        assertEquals("c", snapshotter.stat("a").parent());
    }

    @Test
    void mountsOfAnActiveSnapshotStayTheSame() {
        List<Mount> prepared = snapshotter.prepare("a", "", Map.of());

        assertEquals(prepared, snapshotter.mounts("a"));
        assertEquals(snapshotter.mounts("a"), snapshotter.mounts("a"));
    }

    @Test
    void usageIsReportedForEveryKind() {
        committed("c", "");
        snapshotter.prepare("a", "c", Map.of());
        snapshotter.view("v", "c", Map.of());

        for (String key : List.of("a", "v", "c")) {
            Usage usage = snapshotter.usage(key);
            assertTrue(usage.size() >= 0 && usage.inodes() >= 0);
        }
    }

    @Test
    void cleanupKeepsEverySnapshot() {
        committed("c", "");
        snapshotter.prepare("a", "c", Map.of());
        snapshotter.view("v", "c", Map.of());
        snapshotter.prepare("gone", "", Map.of());
        snapshotter.remove("gone");

        snapshotter.cleanup();

        assertEquals(Set.of("a", "v", "c"), names(List.of()));
        assertEquals(Kind.ACTIVE, snapshotter.stat("a").kind());
        assertNotNull(snapshotter.mounts("v"));
    }

    // ---- update ----

    @Test
    void updateWithNoFieldPathsReplacesAllLabels() {
        snapshotter.prepare("a", "", Map.of("old", "1", "kept", "2"));

        Info updated = snapshotter.update(request("a", Map.of("new", "3")), List.of());

        assertEquals(Map.of("new", "3"), updated.labels());
        assertEquals(updated, snapshotter.stat("a"));
    }

    @Test
    void updateOfLabelsReplacesAllLabels() {
        committed("c", "");
        snapshotter.update(request("c", Map.of("old", "1")), List.of());

        Info updated = snapshotter.update(request("c", Map.of("new", "3")), List.of("labels"));

        assertEquals(Map.of("new", "3"), updated.labels());
        assertEquals(Map.of("new", "3"), snapshotter.stat("c").labels());
    }

    @Test
    void updateOfOneLabelPathSetsOrDeletesThatLabelOnly() {
        snapshotter.view("v", "", Map.of("a", "1", "b", "2", "c", "3"));

        Info updated = snapshotter.update(request("v", Map.of("a", "9", "d", "4", "c", "ignored")),
                List.of("labels.a", "labels.b", "labels.d"));

        assertEquals(Map.of("a", "9", "c", "3", "d", "4"), updated.labels());
        assertEquals(updated.labels(), snapshotter.stat("v").labels());
    }

    @Test
    void updateOfALabelWithDotsAndSlashesInItsKey() {
        snapshotter.prepare("a", "", Map.of());

        snapshotter.update(request("a", Map.of(GC_ROOT, "yes")), List.of("labels." + GC_ROOT));

        assertEquals(Map.of(GC_ROOT, "yes"), snapshotter.stat("a").labels());
    }

    @Test
    void updateChangesOnlyLabelsWhateverTheRequestSays() {
        committed("p", "");
        snapshotter.prepare("a", "p", Map.of());
        Info before = snapshotter.stat("a");
        Info request = new Info("a", "other", Kind.COMMITTED, Map.of("l", "1"), before.created().plusSeconds(60),
                before.updated().plusSeconds(60));

        Info updated = snapshotter.update(request, List.of());

        assertEquals("a", updated.name());
        assertEquals("p", updated.parent());
        assertEquals(Kind.ACTIVE, updated.kind());
        assertEquals(before.created(), updated.created());
        assertEquals(Map.of("l", "1"), updated.labels());
    }

    // ---- walk ----

    @Test
    void walkWithNoFilterVisitsEverySnapshotOnce() {
        committed("c", "");
        snapshotter.prepare("a", "c", Map.of());
        snapshotter.view("v", "c", Map.of());
        List<String> visited = new ArrayList<>();

        snapshotter.walk(List.of(), info -> visited.add(info.name()));

        visited.sort(null);
        assertEquals(List.of("a", "c", "v"), visited);
    }

    @Test
    void walkOfAnEmptySnapshotterVisitsNothing() {
        assertEquals(Set.of(), names(List.of()));
        assertEquals(Set.of(), names(List.of("kind==active")));
    }

    @Test
    void walkGivesTheSameInfoAsStat() {
        committed("c", "");
        snapshotter.prepare("a", "c", Map.of("l", "1"));
        List<Info> visited = new ArrayList<>();

        snapshotter.walk(List.of(), visited::add);

        for (Info info : visited) {
            assertEquals(snapshotter.stat(info.name()), info);
        }
    }

    static Stream<Arguments> containerdWalkFilters() {
        return Stream.of(
                Arguments.of(List.of("labels.\"containerd.io/gc.root\"==check-walk"),
                        Set.of("a-np", "p", "a", "v", "p-wl", "a-wl", "v-wl", "a-np-wl")),
                Arguments.of(List.of("kind==active,labels.\"containerd.io/gc.root\"==check-walk"), Set.of("a-np", "a", "a-wl", "a-np-wl")),
                Arguments.of(List.of("kind==view,labels.\"containerd.io/gc.root\"==check-walk"), Set.of("v", "v-wl")),
                Arguments.of(List.of("kind==committed,labels.\"containerd.io/gc.root\"==check-walk"), Set.of("p", "p-wl")),
                Arguments.of(List.of("name==p", "name==a-np-wl"), Set.of("p", "a-np-wl")),
                Arguments.of(List.of("name==a-wl,labels.l"), Set.of("a-wl")),
                Arguments.of(List.of("parent==p"), Set.of("a", "v")),
                Arguments.of(List.of("parent!=\"\",labels.\"containerd.io/gc.root\"==check-walk"), Set.of("a", "v", "a-wl", "v-wl")),
                Arguments.of(List.of("labels.l"), Set.of("p-wl", "a-wl", "v-wl", "a-np-wl")),
                Arguments.of(List.of("labels.l==2"), Set.of("a-wl", "a-np-wl")),
                Arguments.of(List.of("name~=^a-np"), Set.of("a-np", "a-np-wl")));
    }

    /** The walk cases of containerd's snapshots/testsuite. */
    @ParameterizedTest
    @MethodSource("containerdWalkFilters")
    void walkSelectsWhatContainerdSelects(List<String> filters, Set<String> expected) {
        Map<String, String> root = Map.of(GC_ROOT, "check-walk");
        snapshotter.prepare("a-np", "", root);
        snapshotter.prepare("p-tmp", "", Map.of());
        snapshotter.commit("p", "p-tmp", root);
        snapshotter.prepare("a", "p", root);
        snapshotter.view("v", "p", root);
        snapshotter.prepare("p-wl-tmp", "", Map.of());
        snapshotter.commit("p-wl", "p-wl-tmp", Map.of("l", "1", GC_ROOT, "check-walk"));
        snapshotter.prepare("a-wl", "p-wl", Map.of("l", "2", GC_ROOT, "check-walk"));
        snapshotter.view("v-wl", "p-wl", Map.of("l", "3", GC_ROOT, "check-walk"));
        snapshotter.prepare("a-np-wl", "", Map.of("l", "2", GC_ROOT, "check-walk"));

        assertEquals(new TreeSet<>(expected), names(filters));
    }

    // ---- each failure and its exception ----

    @Test
    void anEmptyKeyOrNameIsAnInvalidArgument() {
        committed("c", "");
        snapshotter.prepare("a", "", Map.of());

        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("", "", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.view("", "c", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.commit("", "a", Map.of()));
    }

    @Test
    void aMissingParentIsNotFound() {
        assertThrows(NotFoundException.class, () -> snapshotter.prepare("a", "missing", Map.of()));
        assertThrows(NotFoundException.class, () -> snapshotter.view("v", "missing", Map.of()));
    }

    @Test
    void aParentThatIsNotCommittedIsAnInvalidArgument() {
        snapshotter.prepare("active", "", Map.of());
        snapshotter.view("view", "", Map.of());

        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("a", "active", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.view("v", "active", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("a", "view", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.view("v", "view", Map.of()));
    }

    @Test
    void committingASnapshotThatIsNotActiveIsAFailedPrecondition() {
        committed("c", "");
        snapshotter.view("v", "c", Map.of());

        assertThrows(FailedPreconditionException.class, () -> snapshotter.commit("c2", "c", Map.of()));
        assertThrows(FailedPreconditionException.class, () -> snapshotter.commit("v2", "v", Map.of()));
    }

    @Test
    void committingAMissingKeyIsNotFound() {
        assertThrows(NotFoundException.class, () -> snapshotter.commit("c", "missing", Map.of()));
    }

    @Test
    void removingASnapshotWithChildrenIsAFailedPrecondition() {
        committed("base", "");
        committed("middle", "base");
        snapshotter.prepare("a", "middle", Map.of());
        snapshotter.view("v", "base", Map.of());

        assertThrows(FailedPreconditionException.class, () -> snapshotter.remove("base"));
        assertThrows(FailedPreconditionException.class, () -> snapshotter.remove("middle"));
        assertEquals(Set.of("base", "middle", "a", "v"), names(List.of()));
    }

    @Test
    void aSnapshotIsRemovableOnceItsChildrenAreGone() {
        committed("base", "");
        snapshotter.prepare("a", "base", Map.of());
        snapshotter.view("v", "base", Map.of());

        snapshotter.remove("a");
        snapshotter.remove("v");
        snapshotter.remove("base");

        assertEquals(Set.of(), names(List.of()));
    }

    @Test
    void aMissingSnapshotIsNotFound() {
        assertThrows(NotFoundException.class, () -> snapshotter.stat("missing"));
        assertThrows(NotFoundException.class, () -> snapshotter.usage("missing"));
        assertThrows(NotFoundException.class, () -> snapshotter.mounts("missing"));
        assertThrows(NotFoundException.class, () -> snapshotter.remove("missing"));
        assertThrows(NotFoundException.class, () -> snapshotter.update(request("missing", Map.of()), List.of()));
    }

    @Test
    void mountsOfACommittedSnapshotIsAFailedPrecondition() {
        committed("c", "");

        assertThrows(FailedPreconditionException.class, () -> snapshotter.mounts("c"));
    }

    @Test
    void aTakenKeyOrNameAlreadyExists() {
        committed("c", "");
        snapshotter.prepare("a", "", Map.of());
        snapshotter.view("v", "", Map.of());

        for (String taken : List.of("c", "a", "v")) {
            assertThrows(AlreadyExistsException.class, () -> snapshotter.prepare(taken, "", Map.of()));
            assertThrows(AlreadyExistsException.class, () -> snapshotter.view(taken, "c", Map.of()));
        }
        snapshotter.prepare("a2", "", Map.of());
        assertThrows(AlreadyExistsException.class, () -> snapshotter.commit("c", "a2", Map.of()));
        assertThrows(AlreadyExistsException.class, () -> snapshotter.commit("v", "a2", Map.of()));
        assertThrows(AlreadyExistsException.class, () -> snapshotter.commit("a", "a2", Map.of()));
    }

    @Test
    void aLabelOver4096BytesIsAnInvalidArgument() {
        Map<String, String> big = Map.of("k", BIG_VALUE);
        committed("c", "");
        snapshotter.prepare("a", "", Map.of());

        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("a2", "", big));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.view("v2", "c", big));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.commit("c2", "a", big));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.update(request("a", big), List.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.update(request("c", big), List.of("labels.k")));
    }

    @Test
    void aLabelOfExactly4096BytesIsAccepted() {
        Map<String, String> largest = Map.of("k", BIG_VALUE.substring(1));

        snapshotter.prepare("a", "", largest);

        assertEquals(largest, snapshotter.stat("a").labels());
    }

    @ParameterizedTest
    @ValueSource(strings = {"name==", "kind=active", "labels.\"unterminated", "name~=[a", ",", "name==a b"})
    void aMalformedFilterIsAnInvalidArgument(String filter) {
        snapshotter.prepare("a", "", Map.of());

        assertThrows(InvalidArgumentException.class, () -> snapshotter.walk(List.of(filter), info -> { }));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.walk(List.of("name==a", filter), info -> { }));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "parent", "kind", "created_at", "updated_at", "labelsx", ""})
    void updatingAFieldOtherThanLabelsIsAnInvalidArgument(String path) {
        snapshotter.prepare("a", "", Map.of());

        assertThrows(InvalidArgumentException.class, () -> snapshotter.update(request("a", Map.of()), List.of(path)));
    }

    // ---- keys are plain strings ----

    static Stream<String> hostileKeys() {
        return Stream.of(
                "../../etc/x",
                "/etc/passwd",
                "/",
                ".",
                "..",
                "a/../../b",
                "line\nbreak",
                "tab\tand space",
                "default/42/sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                "k".repeat(3 * 1024),
                "snäpshot/日本語/🙂",
                "\"quoted\", with comma",
                "back\\slash");
    }

    @ParameterizedTest
    @MethodSource("hostileKeys")
    void anyStringIsAPlainKey(String key) {
        snapshotter.prepare(key, "", Map.of("l", "1"));
        assertEquals(key, snapshotter.stat(key).name());
        assertNotNull(snapshotter.mounts(key));
        assertEquals(Set.of(key), names(List.of("name==" + quoted(key))));

        snapshotter.commit(key + "#committed", key, Map.of());
        snapshotter.view(key, key + "#committed", Map.of());
        assertEquals(key + "#committed", snapshotter.stat(key).parent());
        assertEquals(Set.of(key), names(List.of("parent==" + quoted(key + "#committed"))));

        snapshotter.remove(key);
        snapshotter.remove(key + "#committed");
        assertThrows(NotFoundException.class, () -> snapshotter.stat(key));
        assertEquals(Set.of(), names(List.of()));
    }

    @Test
    void keysThatDifferOnlyInFormAreDifferentSnapshots() {
        List<String> keys = List.of("a/b", "a//b", "a/./b", "a/b/", "A/b", "é", "e\u0301");
        for (String key : keys) {
            snapshotter.prepare(key, "", Map.of("key", key));
        }

        for (String key : keys) {
            assertEquals(Map.of("key", key), snapshotter.stat(key).labels());
        }
    }

    // ---- a failed call changes nothing ----

    @Test
    void aFailedPrepareLeavesNoSnapshot() {
        snapshotter.prepare("active", "", Map.of());

        assertThrows(NotFoundException.class, () -> snapshotter.prepare("a", "missing", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.prepare("b", "active", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.view("c", "", Map.of("k", BIG_VALUE)));

        assertEquals(Set.of("active"), names(List.of()));
        assertDoesNotThrow(() -> snapshotter.prepare("a", "", Map.of()));
    }

    @Test
    void aFailedPrepareOfATakenKeyLeavesTheSnapshotAsItWas() {
        committed("c", "");
        snapshotter.prepare("a", "", Map.of("l", "1"));
        Info before = snapshotter.stat("a");

        assertThrows(AlreadyExistsException.class, () -> snapshotter.view("a", "c", Map.of("l", "2")));

        assertEquals(before, snapshotter.stat("a"));
    }

    @Test
    void aFailedCommitLeavesTheActiveSnapshotAsItWas() {
        committed("taken", "");
        snapshotter.prepare("a", "taken", Map.of("l", "1"));
        Info before = snapshotter.stat("a");
        Info takenBefore = snapshotter.stat("taken");

        assertThrows(AlreadyExistsException.class, () -> snapshotter.commit("taken", "a", Map.of()));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.commit("new", "a", Map.of("k", BIG_VALUE)));

        assertEquals(before, snapshotter.stat("a"));
        assertEquals(takenBefore, snapshotter.stat("taken"));
        assertThrows(NotFoundException.class, () -> snapshotter.stat("new"));
        assertDoesNotThrow(() -> snapshotter.commit("new", "a", Map.of()));
    }

    @Test
    void aFailedUpdateLeavesTheLabelsAsTheyWere() {
        snapshotter.prepare("a", "", Map.of("l", "1"));
        Info before = snapshotter.stat("a");

        assertThrows(InvalidArgumentException.class, () -> snapshotter.update(request("a", Map.of()), List.of("labels.l", "name")));
        assertThrows(InvalidArgumentException.class, () -> snapshotter.update(request("a", Map.of("k", BIG_VALUE)), List.of()));

        assertEquals(before, snapshotter.stat("a"));
    }

    @Test
    void aFailedRemoveLeavesTheTreeAsItWas() {
        committed("c", "");
        snapshotter.prepare("a", "c", Map.of());
        Info before = snapshotter.stat("c");

        assertThrows(FailedPreconditionException.class, () -> snapshotter.remove("c"));

        assertEquals(before, snapshotter.stat("c"));
        assertEquals("c", snapshotter.stat("a").parent());
    }

    // ---- helpers ----

    /** Makes the committed snapshot {@code name} on {@code parent}, through a temporary active key. */
    protected final void committed(String name, String parent) {
        String key = name + "#active";
        snapshotter.prepare(key, parent, Map.of());
        snapshotter.commit(name, key, Map.of());
    }

    /** The names that a walk with {@code filters} visits. */
    protected final Set<String> names(List<String> filters) {
        Set<String> names = new TreeSet<>();
        snapshotter.walk(filters, info -> assertTrue(names.add(info.name()), "visited twice: " + info.name()));
        return names;
    }

    private static Info request(String name, Map<String, String> labels) {
        return new Info(name, "", Kind.ACTIVE, labels, Instant.EPOCH, Instant.EPOCH);
    }

    /** {@code text} as a double-quoted filter value, with Go escapes. */
    private static String quoted(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        text.codePoints().forEach(c -> {
            if (c == '"' || c == '\\') {
                quoted.append('\\').appendCodePoint(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\x%02x", c));
            } else {
                quoted.appendCodePoint(c);
            }
        });
        return quoted.append('"').toString();
    }
}
