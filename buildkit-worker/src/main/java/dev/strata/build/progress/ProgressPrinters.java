package dev.strata.build.progress;

import java.io.PrintStream;
import java.time.Clock;

/** Makes the printer for a {@link ProgressMode}. */
public final class ProgressPrinters {
  private static final int DEFAULT_WIDTH = 80;

  private ProgressPrinters() {}

  /**
   * A printer writing to {@code out}.
   *
   * @param terminal whether {@code out} is a terminal, for {@link ProgressMode#AUTO}
   */
  public static ProgressPrinter create(ProgressMode mode, PrintStream out, boolean terminal) {
    Clock clock = Clock.systemUTC();
    return switch (mode.resolve(terminal)) {
      case TTY -> new TtyPrinter(out, clock, terminalWidth());
      case RAWJSON -> new RawJsonPrinter(out, clock);
      case PLAIN, AUTO -> new PlainPrinter(out, clock);
    };
  }

  private static int terminalWidth() {
    String columns = System.getenv("COLUMNS");
    try {
      return columns == null ? DEFAULT_WIDTH : Math.max(20, Integer.parseInt(columns.trim()));
    } catch (NumberFormatException e) {
      return DEFAULT_WIDTH;
    }
  }
}
