package dev.strata.build.frontend.dockerfile;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** The few fmt verbs whose output BuildKit writes into image history: %q and %v of string lists, durations. */
final class GoFormat {
  private GoFormat() {}

  /** strconv.Quote for printable text. */
  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\t' -> out.append("\\t");
        case '\r' -> out.append("\\r");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            out.append(String.format("\\x%02x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /** {@code %q} of a []string: {@code ["a" "b"]}. */
  static String quotedList(List<String> values) {
    return values.stream().map(GoFormat::quote).collect(Collectors.joining(" ", "[", "]"));
  }

  /** {@code %v} of a []string: {@code [a b]}. */
  static String list(List<String> values) {
    return "[" + String.join(" ", values) + "]";
  }

  /** time.Duration's String: {@code 1m30s}, {@code 1.5s}, {@code 100ms}, {@code 0s}. */
  static String duration(Duration duration) {
    long nanos = duration.toNanos();
    if (nanos == 0) {
      return "0s";
    }
    String sign = nanos < 0 ? "-" : "";
    long u = Math.abs(nanos);
    if (u < 1_000_000_000L) {
      if (u < 1_000L) {
        return sign + u + "ns";
      }
      if (u < 1_000_000L) {
        return sign + fraction(u, 1_000L) + "µs";
      }
      return sign + fraction(u, 1_000_000L) + "ms";
    }
    long hours = u / 3_600_000_000_000L;
    long minutes = u / 60_000_000_000L % 60;
    String seconds = fraction(u % 60_000_000_000L, 1_000_000_000L) + "s";
    if (hours > 0) {
      return sign + hours + "h" + minutes + "m" + seconds;
    }
    return minutes > 0 ? sign + minutes + "m" + seconds : sign + seconds;
  }

  private static String fraction(long value, long unit) {
    long whole = value / unit;
    long rest = value % unit;
    if (rest == 0) {
      return Long.toString(whole);
    }
    String digits = String.format("%0" + (Long.toString(unit).length() - 1) + "d", rest).replaceAll("0+$", "");
    return whole + "." + digits;
  }
}
