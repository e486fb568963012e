package dev.strata.build.progress;

import dev.strata.build.solver.ProgressEvent;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * buildctl's plain progress: a block per vertex opened by {@code #N NAME}, its log lines as
 * {@code #N 0.123 line} (seconds since it started), closed by {@code #N DONE 0.3s}, {@code #N CACHED}
 * or {@code #N ERROR: message}. When another vertex reports while one is open, the open one's block
 * is cut with {@code #N ...} and the other's begins; blocks are separated by a blank line.
 */
public final class PlainPrinter implements ProgressPrinter {
  private final PrintStream out;
  private final VertexTable table;
  private VertexState open;
  private boolean printedAny;

  public PlainPrinter(PrintStream out, Clock clock) {
    this.out = out;
    this.table = new VertexTable(clock);
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    VertexState vertex = table.apply(event);
    if (vertex != open) {
      if (open != null) {
        out.printf("#%d ...%n", open.index);
      }
      if (printedAny) {
        out.println();
      }
      printedAny = true;
      out.printf("#%d %s%n", vertex.index, vertex.name);
    }
    open = vertex;
    if (event instanceof ProgressEvent.Log log) {
      double offset = seconds(Duration.between(vertex.started == null ? vertex.firstSeen : vertex.started, table.now()));
      out.printf(Locale.ROOT, "#%d %.3f %s%n", vertex.index, offset, log.line());
    } else if (event instanceof ProgressEvent.Done done) {
      out.printf(Locale.ROOT, "#%d DONE %.1fs%n", vertex.index, seconds(done.duration()));
    } else if (event instanceof ProgressEvent.Cached) {
      out.printf("#%d CACHED%n", vertex.index);
    } else if (event instanceof ProgressEvent.Failed failed) {
      out.printf("#%d ERROR: %s%n", vertex.index, failed.error());
    }
    if (vertex.isCompleted()) {
      open = null;
    }
    out.flush();
  }

  @Override
  public synchronized void close() {
    out.flush();
  }

  static double seconds(Duration duration) {
    return duration.toNanos() / 1e9;
  }
}
