package dev.strata.build.ops;

import java.util.List;
import java.util.Objects;

/**
 * Part of an input's file tree that an op reads, as a copy selects it: a path (with wildcards when
 * allowed) and include and exclude patterns below it.
 *
 * @param path a path in the input's root, "/" for all of it
 * @param followSymlink whether a symbolic link named by {@code path} itself is followed
 */
public record ContentSelector(
    String path,
    boolean allowWildcard,
    boolean followSymlink,
    List<String> includePatterns,
    List<String> excludePatterns) {

  public ContentSelector {
    Objects.requireNonNull(path, "path");
    includePatterns = List.copyOf(includePatterns);
    excludePatterns = List.copyOf(excludePatterns);
  }

  /** Just the file or tree at {@code path}, its last symbolic link followed. */
  public static ContentSelector file(String path) {
    return new ContentSelector(path, false, true, List.of(), List.of());
  }
}
