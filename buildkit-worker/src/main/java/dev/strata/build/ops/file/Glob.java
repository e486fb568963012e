package dev.strata.build.ops.file;

/**
 * Go's filepath.Match on Unix: {@code *} matches any run of characters but "/", {@code ?} one
 * character but "/", {@code [...]} a class ({@code ^} negates, {@code a-z} ranges), {@code \} escapes.
 */
final class Glob {
  private Glob() {}

  /**
   * Whether {@code name} matches {@code pattern} as a whole.
   *
   * @throws IllegalArgumentException if the pattern is malformed
   */
  static boolean matches(String pattern, String name) {
    return match(pattern, 0, name, 0);
  }

  /** Whether {@code name} contains a wildcard character that is not escaped. */
  static boolean hasWildcards(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '*' || c == '?' || c == '[') {
        return true;
      }
    }
    return false;
  }

  private static boolean match(String pattern, int p, String name, int n) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      switch (c) {
        case '*' -> {
          while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
          }
          for (int end = n; ; end++) {
            if (match(pattern, p, name, end)) {
              return true;
            }
            if (end >= name.length() || name.charAt(end) == '/') {
              checkRest(pattern, p);
              return false;
            }
          }
        }
        case '?' -> {
          if (n >= name.length() || name.charAt(n) == '/') {
            checkRest(pattern, p + 1);
            return false;
          }
          p++;
          n++;
        }
        case '[' -> {
          int end = classEnd(pattern, p);
          if (n >= name.length() || name.charAt(n) == '/' || !inClass(pattern, p + 1, end, name.charAt(n))) {
            checkRest(pattern, end + 1);
            return false;
          }
          p = end + 1;
          n++;
        }
        default -> {
          if (c == '\\') {
            p++;
            if (p >= pattern.length()) {
              throw malformed(pattern);
            }
            c = pattern.charAt(p);
          }
          if (n >= name.length() || name.charAt(n) != c) {
            checkRest(pattern, p + 1);
            return false;
          }
          p++;
          n++;
        }
      }
    }
    return n == name.length();
  }

  /** Go reports a malformed pattern even when an earlier part already failed to match. */
  private static void checkRest(String pattern, int from) {
    for (int p = from; p < pattern.length(); p++) {
      char c = pattern.charAt(p);
      if (c == '\\') {
        p++;
        if (p >= pattern.length()) {
          throw malformed(pattern);
        }
      } else if (c == '[') {
        p = classEnd(pattern, p);
      }
    }
  }

  /** The index of the {@code ]} that closes the class opened at {@code open}. */
  private static int classEnd(String pattern, int open) {
    int p = open + 1;
    if (p < pattern.length() && pattern.charAt(p) == '^') {
      p++;
    }
    boolean first = true;
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == ']' && !first) {
        return p;
      }
      if (c == '\\') {
        p++;
      }
      if (c == '-' && first) {
        throw malformed(pattern);
      }
      first = false;
      p++;
    }
    throw malformed(pattern);
  }

  private static boolean inClass(String pattern, int from, int end, char c) {
    boolean negated = pattern.charAt(from) == '^';
    int p = negated ? from + 1 : from;
    boolean matched = false;
    while (p < end) {
      char low = pattern.charAt(p);
      if (low == '\\') {
        low = pattern.charAt(++p);
      }
      p++;
      char high = low;
      if (p < end - 1 && pattern.charAt(p) == '-') {
        p++;
        high = pattern.charAt(p);
        if (high == '\\') {
          high = pattern.charAt(++p);
        }
        p++;
        if (high < low) {
          throw malformed(pattern);
        }
      }
      if (low <= c && c <= high) {
        matched = true;
      }
    }
    return matched != negated;
  }

  private static IllegalArgumentException malformed(String pattern) {
    return new IllegalArgumentException("syntax error in pattern " + pattern);
  }
}
