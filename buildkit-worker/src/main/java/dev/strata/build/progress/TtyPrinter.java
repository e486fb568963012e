package dev.strata.build.progress;

import dev.strata.build.solver.ProgressEvent;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * buildctl's terminal progress: the whole build redrawn in place a few times a second, a header
 * {@code [+] Building 1.2s (3/5)} (completed of seen vertices), a line per vertex with its elapsed time
 * ({@code CACHED} or {@code ERROR} before the name when so), and the last log lines of running and
 * failed vertices under them.
 */
public final class TtyPrinter implements ProgressPrinter {
  private static final long REDRAW_MILLIS = 150;
  private static final String CURSOR_UP = "\033[%dA";
  private static final String CLEAR_TO_END = "\033[J";

  private final PrintStream out;
  private final Clock clock;
  private final int width;
  private final VertexTable table;
  private final Instant start;
  private final ScheduledExecutorService redraws;
  private int drawnLines;
  private boolean closed;

  /** Starts redrawing on {@code out}, a terminal {@code width} columns wide. */
  public TtyPrinter(PrintStream out, Clock clock, int width) {
    this.out = out;
    this.clock = clock;
    this.width = width;
    this.table = new VertexTable(clock);
    this.start = clock.instant();
    this.redraws = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "strata-progress");
      thread.setDaemon(true);
      return thread;
    });
    redraws.scheduleWithFixedDelay(this::redraw, REDRAW_MILLIS, REDRAW_MILLIS, TimeUnit.MILLISECONDS);
  }

  @Override
  public synchronized void onEvent(ProgressEvent event) {
    table.apply(event);
  }

  /** Stops redrawing and draws the final state. */
  @Override
  public void close() {
    redraws.shutdownNow();
    synchronized (this) {
      if (!closed) {
        draw(true);
        closed = true;
      }
    }
  }

  private synchronized void redraw() {
    if (!closed) {
      draw(false);
    }
  }

  private void draw(boolean finished) {
    List<String> lines = render(finished);
    StringBuilder screen = new StringBuilder();
    if (drawnLines > 0) {
      screen.append(String.format(CURSOR_UP, drawnLines)).append('\r').append(CLEAR_TO_END);
    }
    lines.forEach(line -> screen.append(line).append('\n'));
    out.print(screen);
    out.flush();
    drawnLines = lines.size();
  }

  List<String> render(boolean finished) {
    Instant now = clock.instant();
    List<VertexState> vertices = table.all();
    List<String> lines = new ArrayList<>();
    lines.add(String.format(Locale.ROOT, "[+] Building %.1fs (%d/%d)%s",
        PlainPrinter.seconds(Duration.between(start, now)), table.completedCount(), vertices.size(),
        finished ? " FINISHED" : ""));
    for (VertexState vertex : vertices) {
      lines.add(vertexLine(vertex, now));
      boolean running = vertex.started != null && !vertex.isCompleted();
      if (running || vertex.error != null) {
        vertex.lastLogs.forEach(log -> lines.add(fit(" => => # " + log)));
      }
    }
    return lines;
  }

  private String vertexLine(VertexState vertex, Instant now) {
    String prefix = vertex.error != null ? "ERROR " : vertex.cached ? "CACHED " : "";
    String text = " => " + prefix + vertex.name;
    if (vertex.started == null) {
      return fit(text);
    }
    Instant end = vertex.isCompleted() ? vertex.completed : now;
    String time = String.format(Locale.ROOT, " %.1fs", PlainPrinter.seconds(Duration.between(vertex.started, end)));
    int room = width - time.length();
    String name = text.length() > room ? text.substring(0, Math.max(0, room)) : text;
    return name + " ".repeat(Math.max(0, room - name.length())) + time;
  }

  private String fit(String line) {
    return line.length() > width ? line.substring(0, width) : line;
  }
}
