package dev.strata.build.ops.file;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Expands a path with wildcards inside a root as fsutil's ResolveWildcards does: the components
 * before the first wildcard are resolved in the root, the rest is matched against paths below it.
 */
public final class Wildcards {
  private Wildcards() {}

  /** The matching paths, absolute in the root ("/a/b"), in walk order; {@code path} itself if it has no wildcard. */
  public static List<String> resolve(Path root, String path, boolean followLinks) throws IOException {
    List<String> components = PathPattern.split(path);
    int first = 0;
    while (first < components.size() && !Glob.hasWildcards(components.get(first))) {
      first++;
    }
    String fixed = "/" + String.join("/", components.subList(0, first));
    if (first == components.size()) {
      return List.of(fixed);
    }
    String pattern = String.join("/", components.subList(first, components.size()));
    Path base = first == 0 ? root : RootPath.resolve(root, fixed, followLinks);
    List<String> matches = new ArrayList<>();
    if (!Files.isDirectory(base)) {
      return matches;
    }
    int depth = components.size() - first;
    Files.walkFileTree(
        base,
        EnumSet.noneOf(java.nio.file.FileVisitOption.class),
        depth,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            if (dir.equals(base)) {
              return FileVisitResult.CONTINUE;
            }
            if (matches(dir)) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            matches(file);
            return FileVisitResult.CONTINUE;
          }

          private boolean matches(Path file) {
            String relative = base.relativize(file).toString();
            if (Glob.matches(pattern, relative)) {
              matches.add("/" + root.relativize(file));
              return true;
            }
            return false;
          }
        });
    return matches;
  }
}
