package dev.strata.build.frontend.dockerfile;

import java.util.ArrayDeque;
import java.util.Deque;

/** Go's path.Clean and path.Join for slash-separated paths. */
final class UnixPaths {
  private UnixPaths() {}

  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    boolean rooted = path.startsWith("/");
    Deque<String> parts = new ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!parts.isEmpty() && !parts.peekLast().equals("..")) {
          parts.removeLast();
        } else if (!rooted) {
          parts.addLast("..");
        }
        continue;
      }
      parts.addLast(part);
    }
    String joined = String.join("/", parts);
    if (rooted) {
      return "/" + joined;
    }
    return joined.isEmpty() ? "." : joined;
  }

  static String join(String... elements) {
    StringBuilder out = new StringBuilder();
    for (String element : elements) {
      if (element.isEmpty()) {
        continue;
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(element);
    }
    return out.length() == 0 ? "" : clean(out.toString());
  }

  static String base(String path) {
    String cleaned = clean(path);
    if (cleaned.equals("/")) {
      return "/";
    }
    return cleaned.substring(cleaned.lastIndexOf('/') + 1);
  }
}
