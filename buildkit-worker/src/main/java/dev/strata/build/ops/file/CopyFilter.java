package dev.strata.build.ops.file;

import java.util.List;

/**
 * Which paths below a copy's source are copied: include patterns select (a directory that could hold
 * a match is entered without being copied itself), exclude patterns then remove, with docker's
 * semantics: a pattern matching a parent directory excludes its contents, the last matching pattern
 * decides, and "!" patterns re-include.
 */
public final class CopyFilter {
  /** The outcome for one path. */
  public record Inclusion(boolean include, boolean wholeSubtree) {}

  /** Selects every path. */
  public static final CopyFilter EVERYTHING = new CopyFilter(List.of(), List.of());

  private final List<PathPattern> includes;
  private final List<PathPattern> excludes;

  public CopyFilter(List<String> includePatterns, List<String> excludePatterns) {
    this.includes = includePatterns.stream().map(PathPattern::parse).toList();
    this.excludes = excludePatterns.stream().map(PathPattern::parse).toList();
  }

  public boolean hasIncludes() {
    return !includes.isEmpty();
  }

  /**
   * For a path not yet known to be inside an included subtree: whether to copy it, and whether
   * everything below it is included.
   */
  public Inclusion include(String path, boolean directory) {
    boolean matched = false;
    boolean partial = true;
    for (PathPattern pattern : includes) {
      if (pattern.matches(path)) {
        matched = true;
        partial = false;
        break;
      }
      if (directory && pattern.matchesPrefix(path)) {
        matched = true;
      }
    }
    if (!matched) {
      return new Inclusion(false, false);
    }
    return new Inclusion(directory || !partial, !partial);
  }

  /** Whether {@code path} is excluded; a directory holding a re-included path is not. */
  public boolean exclude(String path, boolean directory) {
    if (!matchesExcludes(path)) {
      return false;
    }
    if (directory) {
      for (PathPattern pattern : excludes) {
        if (pattern.exclusion() && (pattern.text() + "/").startsWith(path + "/")) {
          return false;
        }
      }
    }
    return true;
  }

  private boolean matchesExcludes(String path) {
    List<String> components = PathPattern.split(path);
    boolean matched = false;
    for (PathPattern pattern : excludes) {
      if (pattern.exclusion() != matched) {
        continue;
      }
      boolean match = pattern.matches(path);
      if (!match && components.size() > 1 && pattern.depth() < components.size()) {
        match = pattern.matches(String.join("/", components.subList(0, pattern.depth())));
      }
      if (match) {
        matched = !pattern.exclusion();
      }
    }
    return matched;
  }
}
