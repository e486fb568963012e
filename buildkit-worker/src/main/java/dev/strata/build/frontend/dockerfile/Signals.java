package dev.strata.build.frontend.dockerfile;

import java.util.Locale;
import java.util.Set;

/** STOPSIGNAL's check (moby/sys signal.ParseSignal): a number, or a Linux signal name with or without SIG. */
final class Signals {
  private static final Set<String> NAMES = Set.of("ABRT", "ALRM", "BUS", "CHLD", "CLD", "CONT", "FPE", "HUP", "ILL",
      "INT", "IO", "IOT", "KILL", "PIPE", "POLL", "PROF", "PWR", "QUIT", "SEGV", "STKFLT", "STOP", "SYS", "TERM",
      "TRAP", "TSTP", "TTIN", "TTOU", "URG", "USR1", "USR2", "VTALRM", "WINCH", "XCPU", "XFSZ");

  private Signals() {}

  static void check(String signal) {
    if (signal.matches("\\d+") && Integer.parseInt(signal) > 0) {
      return;
    }
    String name = signal.toUpperCase(Locale.ROOT);
    name = name.startsWith("SIG") ? name.substring(3) : name;
    if (!NAMES.contains(name) && !name.matches("RTMIN(\\+\\d+)?|RTMAX(-\\d+)?")) {
      throw new IllegalArgumentException("Invalid signal: " + signal);
    }
  }
}
