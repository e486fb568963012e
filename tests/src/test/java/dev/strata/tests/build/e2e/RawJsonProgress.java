package dev.strata.tests.build.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * What {@code strata-build --progress rawjson} reported, in the order it reported it: one BuildKit
 * {@code SolveStatus} per line, of which this keeps the vertex updates (name, started, completed,
 * cached, error). Order, not timestamps, is what the tests look at.
 */
public final class RawJsonProgress {
    private static final ObjectMapper JSON = new ObjectMapper();

    public record VertexUpdate(String name, boolean started, boolean completed, boolean cached, boolean failed) {
    }

    private final List<VertexUpdate> updates;

    private RawJsonProgress(List<VertexUpdate> updates) {
        this.updates = List.copyOf(updates);
    }

    /** Reads the JSON lines of {@code output}; other lines (messages around the build) are skipped. */
    public static RawJsonProgress parse(String output) {
        List<VertexUpdate> updates = new ArrayList<>();
        for (String line : output.lines().filter(line -> line.startsWith("{")).toList()) {
            for (JsonNode vertex : read(line).path("vertexes")) {
                updates.add(new VertexUpdate(vertex.path("name").asText(), vertex.hasNonNull("started"),
                        vertex.hasNonNull("completed"), vertex.path("cached").asBoolean(false), vertex.hasNonNull("error")));
            }
        }
        return new RawJsonProgress(updates);
    }

    public List<VertexUpdate> updates() {
        return updates;
    }

    /** The position of the first report that {@code name} runs (started, not yet completed), if any. */
    public OptionalInt firstRunning(String name) {
        return first(name, update -> update.started() && !update.completed() && !update.cached());
    }

    /** The position of the first report that {@code name} completed, if any. */
    public OptionalInt firstCompleted(String name) {
        return first(name, VertexUpdate::completed);
    }

    /** True if the vertex was ever reported running (so it was not answered from the cache). */
    public boolean ran(String name) {
        return firstRunning(name).isPresent();
    }

    private OptionalInt first(String name, Predicate<VertexUpdate> condition) {
        return IntStream.range(0, updates.size())
                .filter(i -> updates.get(i).name().equals(name) && condition.test(updates.get(i)))
                .findFirst();
    }

    private static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new AssertionError("failed to read progress line " + line + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return String.join("\n", updates.stream().map(VertexUpdate::toString).toList());
    }
}
