package dev.strata.build.frontend.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** EXPOSE's port specs as docker's nat.ParsePortSpecs reads them: {@code 80}, {@code 53/udp}, {@code 8000-8002/tcp}. */
final class PortSpecs {
  private static final Pattern SPEC = Pattern.compile("^(?:.*:)?(\\d+)(?:-(\\d+))?(?:/([a-zA-Z]+))?$");

  private PortSpecs() {}

  /** Each port of the spec as {@code port/proto}. */
  static List<String> parse(String spec) {
    Matcher m = SPEC.matcher(spec);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid port specification: \"" + spec + "\"");
    }
    int start = Integer.parseInt(m.group(1));
    int end = m.group(2) == null ? start : Integer.parseInt(m.group(2));
    if (end < start || end > 65535) {
      throw new IllegalArgumentException("invalid port range: " + spec);
    }
    String proto = m.group(3) == null ? "tcp" : m.group(3).toLowerCase(Locale.ROOT);
    List<String> ports = new ArrayList<>();
    for (int port = start; port <= end; port++) {
      ports.add(port + "/" + proto);
    }
    return ports;
  }
}
