package dev.strata.build.ops.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a path inside a root directory as if the root were "/", one component at a time, as
 * continuity's fs.RootPath does: symbolic links are followed against the root, absolute targets start
 * over at the root and ".." never climbs above it, so the result is always inside the root.
 */
public final class RootPath {
  private static final int MAX_LINKS = 255;

  private RootPath() {}

  /** Resolves {@code path} in {@code root}, following every symbolic link on the way. */
  static Path resolve(Path root, String path) throws IOException {
    return resolve(root, path, true);
  }

  /**
   * Resolves {@code path} in {@code root}; with {@code followLast} false a symbolic link in the last
   * component is not followed (its parent directories are).
   */
  public static Path resolve(Path root, String path, boolean followLast) throws IOException {
    Deque<String> pending = new ArrayDeque<>(components(path));
    List<String> resolved = new ArrayList<>();
    int links = 0;
    while (!pending.isEmpty()) {
      String component = pending.removeFirst();
      if (component.equals("..")) {
        if (!resolved.isEmpty()) {
          resolved.remove(resolved.size() - 1);
        }
        continue;
      }
      Path candidate = join(root, resolved).resolve(component);
      boolean last = pending.isEmpty();
      if ((!last || followLast) && Files.isSymbolicLink(candidate)) {
        if (++links > MAX_LINKS) {
          throw new IOException("failed to resolve " + path + ": too many levels of symbolic links");
        }
        String target = Files.readSymbolicLink(candidate).toString();
        if (target.startsWith("/")) {
          resolved.clear();
        }
        List<String> targetComponents = components(target);
        for (int i = targetComponents.size() - 1; i >= 0; i--) {
          pending.addFirst(targetComponents.get(i));
        }
        continue;
      }
      resolved.add(component);
    }
    return join(root, resolved);
  }

  private static List<String> components(String path) {
    List<String> components = new ArrayList<>();
    for (String component : path.split("/")) {
      if (!component.isEmpty() && !component.equals(".")) {
        components.add(component);
      }
    }
    return components;
  }

  private static Path join(Path root, List<String> components) {
    Path path = root;
    for (String component : components) {
      path = path.resolve(component);
    }
    return path;
  }
}
