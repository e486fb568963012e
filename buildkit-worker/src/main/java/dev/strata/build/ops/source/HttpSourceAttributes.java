package dev.strata.build.ops.source;

import dev.strata.build.image.Digest;
import java.util.Map;
import java.util.Optional;

/**
 * The attributes of an {@code http(s)://} source, as BuildKit reads them: {@code http.checksum} pins
 * the content's digest, {@code http.filename} names the file (else the URL's last path segment, else
 * {@code index}), {@code http.perm} (default 0600), {@code http.uid} and {@code http.gid} (default 0)
 * are integers in Go's notation ({@code 0644} is octal, {@code 0x1a4} hex, {@code 420} decimal).
 */
record HttpSourceAttributes(Optional<Digest> checksum, Optional<String> filename, int perm, int uid, int gid) {
  static final String CHECKSUM = "http.checksum";
  static final String FILENAME = "http.filename";
  static final String PERM = "http.perm";
  static final String UID = "http.uid";
  static final String GID = "http.gid";
  private static final int DEFAULT_PERM = 0600;

  /** @throws IllegalArgumentException naming the attribute whose value does not parse */
  static HttpSourceAttributes parse(Map<String, String> attrs) {
    Optional<Digest> checksum = Optional.ofNullable(attrs.get(CHECKSUM)).map(value -> {
      try {
        return Digest.parse(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("failed to read " + CHECKSUM + ": " + e.getMessage(), e);
      }
    });
    Optional<String> filename = Optional.ofNullable(attrs.get(FILENAME)).filter(name -> !name.isEmpty());
    filename.ifPresent(HttpSourceAttributes::checkFilename);
    return new HttpSourceAttributes(
        checksum, filename, integer(attrs, PERM, DEFAULT_PERM), integer(attrs, UID, 0), integer(attrs, GID, 0));
  }

  /** The file's name: {@code http.filename}, else the URL path's last segment, else {@code index}. */
  String filenameFor(String urlPath) {
    if (filename.isPresent()) {
      return filename.get();
    }
    String path = urlPath == null ? "" : urlPath;
    String last = path.substring(path.lastIndexOf('/') + 1);
    return last.isEmpty() || last.equals(".") || last.equals("..") ? "index" : last;
  }

  private static void checkFilename(String name) {
    if (name.contains("/") || name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("failed to read " + FILENAME + ": not a plain file name: " + name);
    }
  }

  private static int integer(Map<String, String> attrs, String name, int fallback) {
    String value = attrs.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Math.toIntExact(goInteger(value));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("failed to read " + name + ": not an integer: " + value, e);
    }
  }

  /** Go's strconv.ParseInt(value, 0, 64): the prefix picks the base. */
  private static long goInteger(String value) {
    boolean negative = value.startsWith("-");
    String digits = negative || value.startsWith("+") ? value.substring(1) : value;
    if (!digits.matches("[0-9a-zA-Z]+")) {
      throw new NumberFormatException("not an integer: " + value);
    }
    String lower = digits.toLowerCase();
    long magnitude;
    if (lower.startsWith("0x")) {
      magnitude = Long.parseLong(digits.substring(2), 16);
    } else if (lower.startsWith("0o")) {
      magnitude = Long.parseLong(digits.substring(2), 8);
    } else if (lower.startsWith("0b")) {
      magnitude = Long.parseLong(digits.substring(2), 2);
    } else if (digits.length() > 1 && digits.startsWith("0")) {
      magnitude = Long.parseLong(digits.substring(1), 8);
    } else {
      magnitude = Long.parseLong(digits);
    }
    return negative ? -magnitude : magnitude;
  }
}
