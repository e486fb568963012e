package dev.strata.build.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.solver.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawJsonPrinterTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final RawJsonPrinter printer = new RawJsonPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock);

  private List<JsonNode> lines() throws IOException {
    printer.close();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : bytes.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  @Test
  void writesOneSolveStatusPerEventWithBuildKitsFieldNames() throws IOException {
    printer.onEvent(new ProgressEvent.Started("sha256:b", "build"));
    clock.advance(Duration.ofSeconds(1));
    printer.onEvent(new ProgressEvent.Log("sha256:b", "build", "hello"));
    clock.advance(Duration.ofSeconds(1));
    printer.onEvent(new ProgressEvent.Done("sha256:b", "build", Duration.ofSeconds(2)));
    printer.onEvent(new ProgressEvent.Cached("sha256:a", "base"));
    printer.onEvent(new ProgressEvent.Failed("sha256:c", "broken", "failed to run [false]: exit code 1"));

    List<JsonNode> lines = lines();
    assertEquals(5, lines.size());

    JsonNode started = lines.get(0).get("vertexes").get(0);
    assertEquals("sha256:b", started.get("digest").asText());
    assertEquals("build", started.get("name").asText());
    assertEquals("2026-01-01T00:00:00Z", started.get("started").asText());
    assertFalse(started.has("completed"));
    assertFalse(started.has("cached"));

    JsonNode log = lines.get(1).get("logs").get(0);
    assertEquals("sha256:b", log.get("vertex").asText());
    assertEquals(1, log.get("stream").asInt());
    assertEquals("hello\n", new String(Base64.getDecoder().decode(log.get("data").asText()), StandardCharsets.UTF_8));
    assertEquals("2026-01-01T00:00:01Z", log.get("timestamp").asText());

    JsonNode done = lines.get(2).get("vertexes").get(0);
    assertEquals("2026-01-01T00:00:00Z", done.get("started").asText());
    assertEquals("2026-01-01T00:00:02Z", done.get("completed").asText());

    JsonNode cached = lines.get(3).get("vertexes").get(0);
    assertTrue(cached.get("cached").asBoolean());
    assertTrue(cached.has("completed"));

    JsonNode failed = lines.get(4).get("vertexes").get(0);
    assertEquals("failed to run [false]: exit code 1", failed.get("error").asText());
    assertTrue(failed.has("completed"));
  }
}
