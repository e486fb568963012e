package dev.strata.build.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.solver.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlainPrinterTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PlainPrinter printer = new PlainPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), clock);

  private String printed() {
    printer.close();
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void numbersVerticesInTheOrderTheyAppearAndClosesEachBlock() {
    printer.onEvent(new ProgressEvent.Cached("sha256:a", "[1/3] FROM base"));
    printer.onEvent(new ProgressEvent.Started("sha256:b", "[2/3] mkdir /app"));
    clock.advance(Duration.ofMillis(123));
    printer.onEvent(new ProgressEvent.Log("sha256:b", "[2/3] mkdir /app", "creating"));
    clock.advance(Duration.ofMillis(200));
    printer.onEvent(new ProgressEvent.Done("sha256:b", "[2/3] mkdir /app", Duration.ofMillis(320)));
    printer.onEvent(new ProgressEvent.Started("sha256:c", "[3/3] copy"));
    printer.onEvent(new ProgressEvent.Failed("sha256:c", "[3/3] copy", "failed to copy /x: no such file"));

    assertEquals("""
        #1 [1/3] FROM base
        #1 CACHED

        #2 [2/3] mkdir /app
        #2 0.123 creating
        #2 DONE 0.3s

        #3 [3/3] copy
        #3 ERROR: failed to copy /x: no such file
        """, printed());
  }

  @Test
  void cutsAnOpenBlockWhenAnotherVertexReports() {
    printer.onEvent(new ProgressEvent.Started("sha256:a", "left"));
    printer.onEvent(new ProgressEvent.Started("sha256:b", "right"));
    printer.onEvent(new ProgressEvent.Log("sha256:a", "left", "from left"));
    printer.onEvent(new ProgressEvent.Done("sha256:a", "left", Duration.ofSeconds(1)));
    printer.onEvent(new ProgressEvent.Done("sha256:b", "right", Duration.ofSeconds(2)));

    assertEquals("""
        #1 left
        #1 ...

        #2 right
        #2 ...

        #1 left
        #1 0.000 from left
        #1 DONE 1.0s

        #2 right
        #2 DONE 2.0s
        """, printed());
  }
}
