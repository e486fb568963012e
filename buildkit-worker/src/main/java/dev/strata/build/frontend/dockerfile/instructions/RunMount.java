package dev.strata.build.frontend.dockerfile.instructions;

import dev.strata.build.text.CsvRecord;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code RUN --mount=...} after variable expansion, parsed as BuildKit does: CSV fields of
 * {@code key=value}; bind (the default) and secret mounts are read-only unless {@code rw}, cache and
 * tmpfs mounts writable. Numbers that are absent are null.
 */
public record RunMount(String type, String from, String source, String target, boolean readOnly, long sizeLimit,
                       String id, String sharing, boolean required, Integer mode, Integer uid, Integer gid) {
  public static final String BIND = "bind";
  public static final String CACHE = "cache";
  public static final String TMPFS = "tmpfs";
  public static final String SECRET = "secret";
  private static final Set<String> TYPES = Set.of(BIND, CACHE, TMPFS, SECRET);
  private static final Set<String> SHARING = Set.of("shared", "private", "locked");
  private static final Pattern SIZE = Pattern.compile("(?i)^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b)?$");

  /** Checks a mount's syntax before any variable is known; one that uses variables is checked later. */
  static void check(String spec) {
    if (!spec.contains("$")) {
      parse(spec, UnaryOperator.identity());
    }
  }

  /** The {@code from=} of a mount as written, before expansion; empty without one. */
  public static String rawFrom(String spec) {
    for (String field : csvFields(spec)) {
      if (field.toLowerCase(Locale.ROOT).startsWith("from=")) {
        return field.substring(5);
      }
    }
    return "";
  }

  /** @param expand variable expansion applied to each value */
  public static RunMount parse(String spec, UnaryOperator<String> expand) {
    String type = BIND;
    String from = "";
    String source = "";
    String target = "";
    Boolean readOnly = null;
    long size = 0;
    String id = "";
    String sharing = "";
    boolean required = false;
    Integer mode = null;
    Integer uid = null;
    Integer gid = null;
    for (String field : csvFields(spec)) {
      int eq = field.indexOf('=');
      String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
      if (eq < 0) {
        switch (key) {
          case "readonly", "ro" -> readOnly = true;
          case "readwrite", "rw" -> readOnly = false;
          case "required" -> required = requireSecret(type, key);
          default -> throw new IllegalArgumentException("invalid field '" + field + "' must be a key=value pair");
        }
        continue;
      }
      String value = expand.apply(field.substring(eq + 1));
      switch (key) {
        case "type" -> {
          type = value.toLowerCase(Locale.ROOT);
          if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unsupported mount type \"" + value + "\"");
          }
        }
        case "from" -> from = value;
        case "source", "src" -> source = value;
        case "target", "dst", "destination" -> target = value;
        case "readonly", "ro" -> readOnly = bool(key, value);
        case "readwrite", "rw" -> readOnly = !bool(key, value);
        case "required" -> required = requireSecret(type, key) && bool(key, value);
        case "size" -> {
          if (!type.equals(TMPFS)) {
            throw new IllegalArgumentException("unexpected key '" + key + "' for mount type '" + type + "'");
          }
          size = ramInBytes(value);
        }
        case "id" -> id = value;
        case "sharing" -> {
          sharing = value.toLowerCase(Locale.ROOT);
          if (!SHARING.contains(sharing)) {
            throw new IllegalArgumentException("unsupported sharing value \"" + value + "\"");
          }
        }
        case "mode" -> mode = number(key, value, 8);
        case "uid" -> uid = number(key, value, 10);
        case "gid" -> gid = number(key, value, 10);
        default -> throw new IllegalArgumentException("unexpected key '" + key + "' in '" + field + "'");
      }
    }
    boolean fileInfoAllowed = type.equals(SECRET) || type.equals(CACHE);
    if ((mode != null || uid != null || gid != null) && !fileInfoAllowed) {
      throw new IllegalArgumentException("mode, uid and gid are not allowed for \"" + type + "\" type mounts");
    }
    if (!sharing.isEmpty() && !type.equals(CACHE)) {
      throw new IllegalArgumentException("invalid cache sharing set for " + type + " mount");
    }
    if (type.equals(SECRET)) {
      if (!from.isEmpty()) {
        throw new IllegalArgumentException("secret mount should not have a from");
      }
      if (source.isEmpty() && target.isEmpty() && id.isEmpty()) {
        throw new IllegalArgumentException("invalid secret mount. one of source, target required");
      }
      if (!source.isEmpty() && !id.isEmpty()) {
        throw new IllegalArgumentException("both source and id can't be set");
      }
    }
    boolean ro = readOnly != null ? readOnly : !(type.equals(CACHE) || type.equals(TMPFS));
    return new RunMount(type, from, source, target, ro, size, id, sharing, required, mode, uid, gid);
  }

  private static boolean requireSecret(String type, String key) {
    if (!type.equals(SECRET)) {
      throw new IllegalArgumentException("unexpected key '" + key + "' for mount type '" + type + "'");
    }
    return true;
  }

  private static boolean bool(String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "1", "t", "true" -> true;
      case "0", "f", "false" -> false;
      default -> throw new IllegalArgumentException("invalid value for " + key + ": " + value);
    };
  }

  private static Integer number(String key, String value, int radix) {
    try {
      return Integer.parseUnsignedInt(value, radix);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid value " + value + " for " + key, e);
    }
  }

  private static long ramInBytes(String value) {
    Matcher m = SIZE.matcher(value.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid value for size: " + value);
    }
    int power = "kmgtp".indexOf(m.group(2).toLowerCase(Locale.ROOT)) + 1;
    return new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(power)).longValue();
  }

  private static List<String> csvFields(String spec) {
    try {
      return CsvRecord.fields(spec);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("failed to parse csv mounts: " + e.getMessage(), e);
    }
  }
}
