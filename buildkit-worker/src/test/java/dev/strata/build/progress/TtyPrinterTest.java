package dev.strata.build.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.solver.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TtyPrinterTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  @Test
  void showsHeaderCountsElapsedTimesAndTheLogsOfRunningVertices() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TtyPrinter printer = new TtyPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock, 40);
    try {
      printer.onEvent(new ProgressEvent.Cached("sha256:a", "base"));
      printer.onEvent(new ProgressEvent.Started("sha256:b", "run"));
      printer.onEvent(new ProgressEvent.Log("sha256:b", "run", "working"));
      clock.advance(Duration.ofMillis(1200));

      assertEquals(List.of(
          "[+] Building 1.2s (1/2)",
          " => CACHED base                     0.0s",
          " => run                             1.2s",
          " => => # working"), printer.render(false));
    } finally {
      printer.close();
    }
  }
}
