package dev.strata.build.progress;

import java.util.Locale;

/** How build progress is shown, as buildctl's {@code --progress}. */
public enum ProgressMode {
  /** {@link #TTY} on a terminal, else {@link #PLAIN}. */
  AUTO,
  /** Line by line: {@code #N NAME}, log lines, {@code #N DONE 0.3s}. */
  PLAIN,
  /** Redrawn in place, with a header and elapsed times. */
  TTY,
  /** One JSON object per event, as buildctl's {@code rawjson}. */
  RAWJSON;

  /** Parses {@code auto}, {@code plain}, {@code tty} or {@code rawjson}. */
  public static ProgressMode parse(String text) {
    try {
      return valueOf(text.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failed to parse progress mode '" + text + "': expected auto, plain, tty or rawjson", e);
    }
  }

  /** The mode to use: {@link #AUTO} becomes TTY or PLAIN by {@code terminal}. */
  public ProgressMode resolve(boolean terminal) {
    if (this != AUTO) {
      return this;
    }
    return terminal ? TTY : PLAIN;
  }
}
