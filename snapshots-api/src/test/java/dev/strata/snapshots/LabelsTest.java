package dev.strata.snapshots;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LabelsTest {

    static Stream<Arguments> withinLimit() {
        return Stream.of(
                Arguments.of("k", "v".repeat(4095)),
                Arguments.of("k".repeat(2048), "v".repeat(2048)),
                Arguments.of("k".repeat(4096), ""),
                // 2 two-byte, 1362 three-byte, one four-byte and 2 one-byte characters: 4096 bytes
                Arguments.of("é".repeat(2), "日".repeat(1362) + "🙂" + "ab"),
                Arguments.of("containerd.io/gc.root", "2026-11-28T02:00:00Z"));
    }

    @ParameterizedTest
    @MethodSource("withinLimit")
    void acceptsLabelsOfAtMost4096Bytes(String key, String value) {
        assertDoesNotThrow(() -> Labels.validate(Map.of(key, value)));
    }

    static Stream<Arguments> overLimit() {
        return Stream.of(
                Arguments.of("k", "v".repeat(4096)),
                Arguments.of("k".repeat(4097), ""),
                Arguments.of("k".repeat(2048), "v".repeat(2049)),
                // 1367 characters, but 4099 bytes of UTF-8
                Arguments.of("k", "日".repeat(1366)),
                Arguments.of("k", "🙂".repeat(1024)));
    }

    @ParameterizedTest
    @MethodSource("overLimit")
    void rejectsLabelsOver4096BytesOfUtf8(String key, String value) {
        assertThrows(InvalidArgumentException.class, () -> Labels.validate(Map.of(key, value)));
    }

    @Test
    void rejectsAMapWithOneLabelOverTheLimitAmongSmallOnes() {
        Map<String, String> labels = Map.of("a", "1", "b", "x".repeat(5000), "c", "3");
        assertThrows(InvalidArgumentException.class, () -> Labels.validate(labels));
    }

    @Test
    void acceptsNoLabels() {
        assertDoesNotThrow(() -> Labels.validate(Map.of()));
    }
}
