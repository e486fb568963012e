package dev.strata.build.llb.client;

import java.util.List;
import java.util.Objects;

/**
 * How much of a client-side directory a local source transfers. Each list is written as the JSON
 * array BuildKit expects in its source attribute; an empty list or hint leaves the attribute out.
 */
public record LocalOptions(
    List<String> includePatterns, List<String> excludePatterns, List<String> followPaths, String sharedKeyHint) {

  public LocalOptions {
    includePatterns = List.copyOf(includePatterns);
    excludePatterns = List.copyOf(excludePatterns);
    followPaths = List.copyOf(followPaths);
    Objects.requireNonNull(sharedKeyHint, "sharedKeyHint");
  }

  public static LocalOptions defaults() {
    return new LocalOptions(List.of(), List.of(), List.of(), "");
  }

  public LocalOptions withIncludePatterns(List<String> patterns) {
    return new LocalOptions(patterns, excludePatterns, followPaths, sharedKeyHint);
  }

  public LocalOptions withExcludePatterns(List<String> patterns) {
    return new LocalOptions(includePatterns, patterns, followPaths, sharedKeyHint);
  }

  public LocalOptions withFollowPaths(List<String> paths) {
    return new LocalOptions(includePatterns, excludePatterns, paths, sharedKeyHint);
  }

  public LocalOptions withSharedKeyHint(String hint) {
    return new LocalOptions(includePatterns, excludePatterns, followPaths, hint);
  }
}
