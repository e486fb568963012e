package dev.strata.build.cli;

import java.util.Locale;

/** Byte counts as buildctl shows them: decimal units with two decimals (1.50kB, 12.00MB). */
final class ByteSizes {
  private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private ByteSizes() {}

  static String format(long bytes) {
    double value = bytes;
    int unit = 0;
    while (value >= 1000 && unit < UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return unit == 0 ? bytes + "B" : String.format(Locale.ROOT, "%.2f%s", value, UNITS[unit]);
  }
}
