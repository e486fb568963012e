package dev.strata.build.ops.file;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy filter pattern, as BuildKit's include and exclude patterns read: components separated by
 * "/", each matched like Go's filepath.Match, and a "**" component matching any number of components,
 * none included. A leading "!" marks an exclusion (re-inclusion) among exclude patterns.
 */
final class PathPattern {
  private static final String ANY_DEPTH = "**";

  private final String text;
  private final List<String> components;
  private final boolean exclusion;

  private PathPattern(String text, List<String> components, boolean exclusion) {
    this.text = text;
    this.components = components;
    this.exclusion = exclusion;
  }

  static PathPattern parse(String pattern) {
    String text = pattern.trim();
    boolean exclusion = text.startsWith("!");
    if (exclusion) {
      text = text.substring(1).trim();
    }
    List<String> components = split(text);
    for (String component : components) {
      Glob.matches(component.replace(ANY_DEPTH, "*"), "");
    }
    return new PathPattern(String.join("/", components), components, exclusion);
  }

  boolean exclusion() {
    return exclusion;
  }

  /** The pattern without "!" and with its components normalized. */
  String text() {
    return text;
  }

  int depth() {
    return components.size();
  }

  /** Whether the whole relative {@code path} matches. */
  boolean matches(String path) {
    return match(0, split(path), 0, false);
  }

  /**
   * Whether {@code path} matches, or could be the parent directory of something that matches (a
   * partial match).
   */
  boolean matchesPrefix(String path) {
    return match(0, split(path), 0, true);
  }

  private boolean match(int p, List<String> path, int n, boolean prefix) {
    if (n == path.size()) {
      return p == components.size() || prefix || onlyAnyDepthLeft(p);
    }
    if (p == components.size()) {
      return false;
    }
    String component = components.get(p);
    if (component.equals(ANY_DEPTH)) {
      for (int skip = n; skip <= path.size(); skip++) {
        if (match(p + 1, path, skip, prefix)) {
          return true;
        }
      }
      return false;
    }
    String glob = component.replace(ANY_DEPTH, "*");
    return Glob.matches(glob, path.get(n)) && match(p + 1, path, n + 1, prefix);
  }

  private boolean onlyAnyDepthLeft(int p) {
    for (int i = p; i < components.size(); i++) {
      if (!components.get(i).equals(ANY_DEPTH)) {
        return false;
      }
    }
    return true;
  }

  static List<String> split(String path) {
    List<String> components = new ArrayList<>();
    for (String component : path.split("/")) {
      if (component.isEmpty() || component.equals(".")) {
        continue;
      }
      if (component.equals("..") && !components.isEmpty()) {
        components.remove(components.size() - 1);
      } else if (!component.equals("..")) {
        components.add(component);
      }
    }
    return components;
  }
}
