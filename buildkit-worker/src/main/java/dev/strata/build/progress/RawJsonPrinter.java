package dev.strata.build.progress;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.build.solver.ProgressEvent;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;

/**
 * buildctl's {@code rawjson} progress: one BuildKit {@code SolveStatus} object per line and per event,
 * {@code {"vertexes":[{"digest","name","started","completed","cached","error"}]}} for a vertex's change
 * of state and {@code {"logs":[{"vertex","stream":1,"data":<base64>,"timestamp"}]}} for a log line,
 * with the field names and omissions of BuildKit's {@code client.SolveStatus}.
 */
public final class RawJsonPrinter implements ProgressPrinter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int STDOUT = 1;

  private final PrintStream out;
  private final VertexTable table;

  public RawJsonPrinter(PrintStream out, Clock clock) {
    this.out = out;
    this.table = new VertexTable(clock);
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    VertexState vertex = table.apply(event);
    ObjectNode status = JSON.createObjectNode();
    if (event instanceof ProgressEvent.Log log) {
      ObjectNode entry = status.putArray("logs").addObject();
      entry.put("vertex", vertex.digest);
      entry.put("stream", STDOUT);
      entry.put("data", (log.line() + "\n").getBytes(StandardCharsets.UTF_8));
      entry.put("timestamp", timestamp(table.now()));
    } else {
      ObjectNode entry = status.putArray("vertexes").addObject();
      entry.put("digest", vertex.digest);
      entry.put("name", vertex.name);
      putTime(entry, "started", vertex.started);
      putTime(entry, "completed", vertex.completed);
      if (vertex.cached) {
        entry.put("cached", true);
      }
      if (vertex.error != null) {
        entry.put("error", vertex.error);
      }
    }
    out.println(status);
    out.flush();
  }

  @Override
  public synchronized void close() {
    out.flush();
  }

  private static void putTime(ObjectNode node, String field, Instant time) {
    if (time != null) {
      node.put(field, timestamp(time));
    }
  }

  private static String timestamp(Instant time) {
    return time.toString();
  }
}
