package dev.strata.build.frontend.dockerfile.instructions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --name[=value]} flags of one instruction, checked against the names it accepts as
 * BuildKit's BFlags does: unknown, duplicate and valueless flags are errors; a boolean flag alone
 * means true; a repeatable flag collects every value.
 */
final class Flags {
  private final Map<String, String> values = new HashMap<>();
  private final Map<String, List<String>> repeated = new HashMap<>();

  private Flags() {}

  /**
   * @param strings flags that take a value
   * @param booleans flags that may stand alone
   * @param repeatable flags that may be given more than once
   */
  static Flags parse(List<String> args, Set<String> strings, Set<String> booleans, Set<String> repeatable) {
    Flags flags = new Flags();
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("arg should start with -- : " + arg);
      }
      String body = arg.substring(2);
      int eq = body.indexOf('=');
      String name = eq < 0 ? body : body.substring(0, eq);
      String value = eq < 0 ? null : body.substring(eq + 1);
      if (repeatable.contains(name)) {
        if (value == null) {
          throw new IllegalArgumentException("missing a value on flag: " + arg);
        }
        flags.repeated.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        continue;
      }
      if (!strings.contains(name) && !booleans.contains(name)) {
        throw new IllegalArgumentException("unknown flag: " + name);
      }
      if (flags.values.containsKey(name)) {
        throw new IllegalArgumentException("duplicate flag specified: " + name);
      }
      if (booleans.contains(name)) {
        String lower = value == null ? "true" : value.toLowerCase(Locale.ROOT);
        if (!lower.equals("true") && !lower.equals("false")) {
          throw new IllegalArgumentException("expecting boolean value for flag " + name + ", not: " + value);
        }
        flags.values.put(name, lower);
      } else {
        if (value == null) {
          throw new IllegalArgumentException("missing a value on flag: " + arg);
        }
        flags.values.put(name, value);
      }
    }
    return flags;
  }

  String string(String name) {
    return values.getOrDefault(name, "");
  }

  boolean bool(String name) {
    return "true".equals(values.get(name));
  }

  List<String> all(String name) {
    return List.copyOf(repeated.getOrDefault(name, List.of()));
  }
}
