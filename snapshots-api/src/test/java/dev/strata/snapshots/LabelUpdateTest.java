package dev.strata.snapshots;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LabelUpdateTest {
    private static final Map<String, String> CURRENT = Map.of("a", "1", "b", "2");

    static Stream<Arguments> updates() {
        return Stream.of(
                Arguments.of("no paths replace all", Map.of("c", "3"), List.of(), Map.of("c", "3")),
                Arguments.of("no paths with no labels clear all", Map.of(), List.of(), Map.of()),
                Arguments.of("labels replaces all", Map.of("c", "3"), List.of("labels"), Map.of("c", "3")),
                Arguments.of("labels.k sets one", Map.of("a", "9", "c", "3"), List.of("labels.a"), Map.of("a", "9", "b", "2")),
                Arguments.of("labels.k adds one", Map.of("c", "3"), List.of("labels.c"), Map.of("a", "1", "b", "2", "c", "3")),
                Arguments.of("labels.k absent deletes", Map.of(), List.of("labels.a"), Map.of("b", "2")),
                Arguments.of("labels.k empty deletes", Map.of("a", ""), List.of("labels.a"), Map.of("b", "2")),
                Arguments.of("labels.k of an unknown label is a no-op", Map.of(), List.of("labels.zz"), CURRENT),
                Arguments.of("a key with dots and slashes", Map.of("containerd.io/gc.ref.snapshot.overlayfs", "x"),
                        List.of("labels.containerd.io/gc.ref.snapshot.overlayfs"),
                        Map.of("a", "1", "b", "2", "containerd.io/gc.ref.snapshot.overlayfs", "x")),
                Arguments.of("several paths", Map.of("a", "9", "c", "3"), List.of("labels.a", "labels.b", "labels.c"),
                        Map.of("a", "9", "c", "3")),
                Arguments.of("paths apply in order", Map.of("c", "3"), List.of("labels.a", "labels"), Map.of("c", "3")),
                Arguments.of("replace all drops empty values", Map.of("c", "3", "d", ""), List.of(), Map.of("c", "3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void computesTheNewLabels(String name, Map<String, String> requested, List<String> paths, Map<String, String> expected) {
        assertEquals(expected, LabelUpdate.apply(CURRENT, requested, paths));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name", "parent", "kind", "created_at", "updated_at", "labelsx", "Labels", "", "label.a"})
    void rejectsFieldPathsOtherThanLabels(String path) {
        assertThrows(InvalidArgumentException.class, () -> LabelUpdate.apply(CURRENT, Map.of(), List.of("labels.a", path)));
    }

    @Test
    void rejectsALabelOverTheSizeLimit() {
        Map<String, String> requested = Map.of("big", "x".repeat(4094));
        assertThrows(InvalidArgumentException.class, () -> LabelUpdate.apply(CURRENT, requested, List.of("labels.big")));
    }

    @Test
    void leavesTheCurrentLabelsUnchanged() {
        Map<String, String> current = new java.util.HashMap<>(CURRENT);
        LabelUpdate.apply(current, Map.of(), List.of("labels.a"));
        assertEquals(CURRENT, current);
    }
}
