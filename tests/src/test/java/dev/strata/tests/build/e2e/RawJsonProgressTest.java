package dev.strata.tests.build.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RawJsonProgressTest {
    private static final String OUTPUT = String.join("\n",
            "{\"vertexes\":[{\"digest\":\"sha256:1\",\"name\":\"a\",\"started\":\"2026-11-28T05:00:00Z\"}]}",
            "{\"vertexes\":[{\"digest\":\"sha256:2\",\"name\":\"b\",\"started\":\"2026-11-28T05:00:01Z\"}]}",
            "{\"logs\":[{\"vertex\":\"sha256:1\",\"stream\":1,\"data\":\"aGkK\",\"timestamp\":\"2026-11-28T05:00:01Z\"}]}",
            "{\"vertexes\":[{\"digest\":\"sha256:1\",\"name\":\"a\",\"started\":\"2026-11-28T05:00:00Z\",\"completed\":\"2026-11-28T05:00:02Z\"}]}",
            "{\"vertexes\":[{\"digest\":\"sha256:3\",\"name\":\"c\",\"started\":\"2026-11-28T05:00:02Z\",\"completed\":\"2026-11-28T05:00:02Z\",\"cached\":true}]}",
            "error: not json",
            "");

    @Test
    void reportsVertexUpdatesInOrderSkippingLogsAndOtherLines() {
        RawJsonProgress progress = RawJsonProgress.parse(OUTPUT);

        assertEquals(4, progress.updates().size());
        assertEquals(OptionalInt.of(0), progress.firstRunning("a"));
        assertEquals(OptionalInt.of(1), progress.firstRunning("b"));
        assertEquals(OptionalInt.of(2), progress.firstCompleted("a"));
        assertEquals(OptionalInt.empty(), progress.firstCompleted("b"));
    }

    @Test
    void aCachedVertexDidNotRun() {
        RawJsonProgress progress = RawJsonProgress.parse(OUTPUT);

        assertTrue(progress.ran("a"));
        assertFalse(progress.ran("c"));
        assertTrue(progress.updates().get(3).cached());
    }
}
