package dev.strata.build.ops.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * fsutil's FollowLinks: each follow path, and the targets of the symbolic links met on the way to it
 * (followed as if the directory were "/"), become include patterns, so that a followed Dockerfile that
 * is a link arrives with what it points to.
 */
final class FollowPaths {
  private static final int MAX_LINKS = 255;

  private FollowPaths() {}

  /**
   * The paths to include for {@code paths} in {@code root}, sorted, without those inside another; empty
   * when one of them is the root itself, which leaves nothing to filter.
   */
  static List<String> resolve(Path root, List<String> paths) throws IOException {
    TreeSet<String> resolved = new TreeSet<>();
    for (String path : paths) {
      follow(root, path, resolved, 0);
    }
    List<String> result = new ArrayList<>();
    for (String path : resolved) {
      if (path.isEmpty()) {
        return List.of();
      }
      if (result.isEmpty() || !path.startsWith(result.get(result.size() - 1) + "/")) {
        result.add(path);
      }
    }
    return result;
  }

  private static void follow(Path root, String path, TreeSet<String> resolved, int links) throws IOException {
    if (links > MAX_LINKS) {
      throw new IOException("failed to follow " + path + ": too many levels of symbolic links");
    }
    List<String> components = components(path);
    List<String> current = new ArrayList<>();
    for (int i = 0; i < components.size(); i++) {
      current.add(components.get(i));
      Path candidate = root.resolve(String.join("/", current));
      if (Files.isSymbolicLink(candidate)) {
        String joined = String.join("/", current);
        if (!resolved.add(joined)) {
          return;
        }
        String target = Files.readSymbolicLink(candidate).toString();
        String base = target.startsWith("/") ? "" : String.join("/", current.subList(0, current.size() - 1));
        List<String> rest = components.subList(i + 1, components.size());
        follow(root, base + "/" + target + "/" + String.join("/", rest), resolved, links + 1);
        return;
      }
    }
    resolved.add(String.join("/", components));
  }

  private static List<String> components(String path) {
    return normalize(List.of(path.split("/")));
  }

  private static List<String> normalize(List<String> parts) {
    List<String> components = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (!components.isEmpty()) {
          components.remove(components.size() - 1);
        }
      } else {
        components.add(part);
      }
    }
    return components;
  }
}
