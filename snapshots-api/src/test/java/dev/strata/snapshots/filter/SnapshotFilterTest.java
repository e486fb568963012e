package dev.strata.snapshots.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotFilterTest {
    private static final String GC_ROOT = "containerd.io/gc.root";

    /** The snapshots of containerd's testsuite checkWalk, plus a few with awkward names and labels. */
    private static final List<Info> SNAPSHOTS = List.of(
            info("p", "", Kind.COMMITTED, Map.of(GC_ROOT, "check-walk")),
            info("a-np", "", Kind.ACTIVE, Map.of(GC_ROOT, "check-walk")),
            info("a", "p", Kind.ACTIVE, Map.of(GC_ROOT, "check-walk")),
            info("v", "p", Kind.VIEW, Map.of(GC_ROOT, "check-walk")),
            info("p-wl", "", Kind.COMMITTED, Map.of("l", "1", GC_ROOT, "check-walk")),
            info("a-wl", "p-wl", Kind.ACTIVE, Map.of("l", "2", GC_ROOT, "check-walk")),
            info("v-wl", "p-wl", Kind.VIEW, Map.of("l", "3", GC_ROOT, "check-walk")),
            info("a-np-wl", "", Kind.ACTIVE, Map.of("l", "2", GC_ROOT, "check-walk")),
            info("default/7/sha256:abc", "p", Kind.COMMITTED,
                    Map.of("containerd.io/snapshot.ref", "sha256:abc", "a.b", "dotted", "quote\"d", "x")),
            info("with space, comma", "", Kind.COMMITTED, Map.of()));

    private static Info info(String name, String parent, Kind kind, Map<String, String> labels) {
        return new Info(name, parent, kind, labels, Instant.EPOCH, Instant.EPOCH);
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                // containerd's snapshots/testsuite checkWalk
                matches(List.of("labels.\"containerd.io/gc.root\"==check-walk"),
                        "p", "a-np", "a", "v", "p-wl", "a-wl", "v-wl", "a-np-wl"),
                matches(List.of("kind==active,labels.\"containerd.io/gc.root\"==check-walk"), "a-np", "a", "a-wl", "a-np-wl"),
                matches(List.of("kind==view,labels.\"containerd.io/gc.root\"==check-walk"), "v", "v-wl"),
                matches(List.of("kind==committed,labels.\"containerd.io/gc.root\"==check-walk"), "p", "p-wl"),
                matches(List.of("name==p", "name==a-np-wl"), "p", "a-np-wl"),
                matches(List.of("name==a-wl,labels.l"), "a-wl"),
                matches(List.of("parent==p"), "a", "v", "default/7/sha256:abc"),
                matches(List.of("parent!=\"\",labels.\"containerd.io/gc.root\"==check-walk"), "a", "v", "a-wl", "v-wl"),
                matches(List.of("labels.l"), "p-wl", "a-wl", "v-wl", "a-np-wl"),
                matches(List.of("labels.l==2"), "a-wl", "a-np-wl"),
                // what containerd's metadata store sends when a remote snapshotter reports AlreadyExists
                matches(List.of("labels.\"containerd.io/snapshot.ref\"==sha256:abc,parent==\"p\""), "default/7/sha256:abc"),
                // kind is lower case, as containerd's adaptor writes it
                matches(List.of("kind==Committed")),
                matches(List.of("kind==ACTIVE")),
                // no filter, or an empty one, matches all
                matches(List.of(), allNames()),
                matches(List.of(""), allNames()),
                matches(List.of("", "name==p"), allNames()),
                // name and parent are always present, even when empty
                matches(List.of("parent"), allNames()),
                matches(List.of("name"), allNames()),
                matches(List.of("parent==\"\",kind==view")),
                matches(List.of("parent==\"\",kind==committed"), "p", "p-wl", "with space, comma"),
                // unknown fields are absent: presence and == never match, != always does
                matches(List.of("size")),
                matches(List.of("size==0")),
                matches(List.of("size!=0"), allNames()),
                // != matches when the label is absent
                matches(List.of("labels.l!=2"), "p", "a-np", "a", "v", "p-wl", "v-wl", "default/7/sha256:abc", "with space, comma"),
                // unquoted label paths join their fields with dots
                matches(List.of("labels.a.b==dotted"), "default/7/sha256:abc"),
                matches(List.of("labels.\"a.b\""), "default/7/sha256:abc"),
                matches(List.of("labels.\"quote\\\"d\"==x"), "default/7/sha256:abc"),
                // regular expressions search, in all three quotings
                matches(List.of("name~=wl"), "p-wl", "a-wl", "v-wl", "a-np-wl"),
                matches(List.of("name~=^a"), "a-np", "a", "a-wl", "a-np-wl"),
                matches(List.of("name~=/^a-np/"), "a-np", "a-np-wl"),
                matches(List.of("name~=|sha256:[a-f]+$|"), "default/7/sha256:abc"),
                matches(List.of("name~=\"^v\""), "v", "v-wl"),
                matches(List.of("name~=/^default\\/7/"), "default/7/sha256:abc"),
                matches(List.of("labels.l~=[13]"), "p-wl", "v-wl"),
                // a regular expression also runs on an absent field, as ""
                matches(List.of("labels.l~=^$,kind==view"), "v"),
                // quoted values may hold spaces, commas and escapes
                matches(List.of("name==\"with space, comma\""), "with space, comma"),
                matches(List.of("name==\"with\\x20space\\054 comma\""), "with space, comma"),
                matches(List.of("name==\"with\\u0020space, comma\""), "with space, comma"),
                // values may hold = . / : - and other punctuation after the first character
                matches(List.of("name==default/7/sha256:abc"), "default/7/sha256:abc"),
                // whitespace around tokens is skipped
                matches(List.of("  kind == view "), "v", "v-wl"),
                matches(List.of("kind==view , labels.l"), "v-wl"),
                // Go's character classes: a no-break space separates tokens, a value may start with any character
                matches(List.of("kind\u00a0==\u00a0view"), "v", "v-wl"),
                matches(List.of("name!=\u007f"), allNames()),
                // a lone surrogate escape reads as the replacement character, as in Go
                matches(List.of("name==\"\\ud800\"")),
                // several strings: any; within one: all
                matches(List.of("kind==view,labels.l==3", "name==p"), "v-wl", "p"),
                matches(List.of("kind==view,kind==active")));
    }

    private static String[] allNames() {
        return SNAPSHOTS.stream().map(Info::name).toArray(String[]::new);
    }

    private static Arguments matches(List<String> filters, String... names) {
        return Arguments.of(filters, new TreeSet<>(List.of(names)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void selectsTheSnapshotsThatContainerdSelects(List<String> filters, Set<String> expected) {
        SnapshotFilter filter = SnapshotFilter.parse(filters);
        Set<String> actual = SNAPSHOTS.stream().filter(filter).map(Info::name).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, actual);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        " ",
        ",",
        "name,",
        ",name",
        "name,,kind",
        "name==",
        "name== ",
        "name==a,",
        "name=a",
        "name===a",
        "name=!a",
        "name~a",
        "name<a",
        "name a",
        "name==a b",
        "name==a,b==",
        ".name",
        "name.",
        "labels..a",
        "labels.a-b",
        "labels.'a'",
        "labels./a/",
        "labels.|a|",
        "name==/a/",
        "name!=|a|",
        "name==\"a",
        "name==\"a\nb\"",
        "name==\"\\q\"",
        "name==\"\\x4\"",
        "name==\"\\xzz\"",
        "name==\"\\400\"",
        "name==\"\\U00110000\"",
        "name==\"\\/\"",
        "name~=/\\|/",
        "name~=/a",
        "name~=[a",
        "name~=(?<",
        "name==.a",
        "kind==view\u0000",
        "näme==a",
        "name==\u00a0",
        "name==a\u200b",
        "\"unterminated",
    })
    void rejectsMalformedFilters(String filter) {
        assertThrows(InvalidArgumentException.class, () -> SnapshotFilter.parse(List.of(filter)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name==a", "labels.\"containerd.io/gc.root\"", "kind~=/x|y/"})
    void rejectsTheListIfAnyStringIsMalformed(String good) {
        assertThrows(InvalidArgumentException.class, () -> SnapshotFilter.parse(List.of(good, "name==")));
    }
}
