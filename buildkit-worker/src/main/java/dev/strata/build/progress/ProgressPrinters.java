package dev.strata.build.progress;

import java.io.PrintStream;
import java.time.Clock;

/** Makes the printer for a {@link ProgressMode}. */
public final class ProgressPrinters {
  private ProgressPrinters() {}

  /**
   * A printer writing to {@code out}.
   *
   * @param terminal whether {@code out} is a terminal, for {@link ProgressMode#AUTO}
   * @param columns the terminal's width, for {@link ProgressMode#TTY}
   */
  public static ProgressPrinter create(ProgressMode mode, PrintStream out, boolean terminal, int columns) {
    Clock clock = Clock.systemUTC();
    return switch (mode.resolve(terminal)) {
      case TTY -> new TtyPrinter(out, clock, columns);
      case RAWJSON -> new RawJsonPrinter(out, clock);
      case PLAIN, AUTO -> new PlainPrinter(out, clock);
    };
  }
}
