package dev.strata.build.ops.snapshot;

import dev.strata.overlay.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Makes a mounted writable tree look like another tree, touching only what differs, so that an overlay
 * mount records exactly the differences in its upper directory: entries the source lacks are deleted
 * (overlayfs writes whiteouts for them), entries whose type, mode, owner, size, time, link target or
 * content differ are replaced, directories are entered. Hard links are copied as separate files and
 * extended attributes are not compared.
 */
final class TreeSync {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String STAT = "unix:mode,uid,gid,size,lastModifiedTime";
  private static final int TYPE_MASK = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;

  private TreeSync() {}

  /** Makes {@code target} (a directory) hold what {@code source} holds. */
  static void sync(Path source, Path target) throws IOException {
    syncChildren(source, target);
    copyMetadataIfChanged(source, target);
  }

  private static void syncChildren(Path source, Path target) throws IOException {
    Set<String> wanted = new HashSet<>(names(source));
    for (String name : names(target)) {
      if (!wanted.contains(name)) {
        FileTrees.delete(target.resolve(name));
      }
    }
    for (String name : wanted) {
      syncEntry(source.resolve(name), target.resolve(name));
    }
  }

  private static void syncEntry(Path source, Path target) throws IOException {
    Map<String, Object> wanted = Files.readAttributes(source, STAT, NOFOLLOW);
    int type = (Integer) wanted.get("mode") & TYPE_MASK;
    Map<String, Object> present = Files.exists(target, NOFOLLOW) ? Files.readAttributes(target, STAT, NOFOLLOW) : null;
    boolean sameType = present != null && ((Integer) present.get("mode") & TYPE_MASK) == type;
    if (type == S_IFDIR) {
      if (!sameType) {
        replace(source, target, present != null);
      }
      syncChildren(source, target);
      copyMetadataIfChanged(source, target);
    } else if (!sameType || !wanted.equals(present) || !sameContent(source, target, type)) {
      replace(source, target, present != null);
    }
  }

  private static boolean sameContent(Path source, Path target, int type) throws IOException {
    if (type == S_IFREG) {
      return Files.mismatch(source, target) < 0;
    }
    if (type == S_IFLNK) {
      return Files.readSymbolicLink(source).equals(Files.readSymbolicLink(target));
    }
    return Objects.equals(Files.getAttribute(source, "unix:rdev", NOFOLLOW), Files.getAttribute(target, "unix:rdev", NOFOLLOW));
  }

  /** Copies {@code source} over {@code target}; a directory is created empty, its children follow. */
  private static void replace(Path source, Path target, boolean exists) throws IOException {
    if (exists) {
      FileTrees.delete(target);
    }
    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
  }

  /** Sets a directory's mode, owner and time to the source's when they differ (its children changed its time). */
  private static void copyMetadataIfChanged(Path source, Path target) throws IOException {
    Map<String, Object> wanted = Files.readAttributes(source, STAT, NOFOLLOW);
    Map<String, Object> present = Files.readAttributes(target, STAT, NOFOLLOW);
    for (String attribute : List.of("uid", "gid", "mode")) {
      if (!wanted.get(attribute).equals(present.get(attribute))) {
        Files.setAttribute(target, "unix:" + attribute, wanted.get(attribute), NOFOLLOW);
      }
    }
    if (!wanted.get("lastModifiedTime").equals(present.get("lastModifiedTime"))) {
      Files.setLastModifiedTime(target, (FileTime) wanted.get("lastModifiedTime"));
    }
  }

  private static List<String> names(Path directory) throws IOException {
    try (Stream<Path> children = Files.list(directory)) {
      return children.map(child -> child.getFileName().toString()).toList();
    }
  }
}
