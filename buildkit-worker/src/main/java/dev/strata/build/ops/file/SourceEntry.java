package dev.strata.build.ops.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a copy needs to know of one source entry, read with a single {@code lstat}.
 *
 * @param dev the device the entry's inode is on (overlayfs reports its own for directories)
 */
record SourceEntry(
    int mode, FileOwner owner, long dev, long ino, int links, long size, FileTime modified, FileTime accessed) {
  private static final int TYPE_MASK = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR = 0100000;
  private static final int SYMLINK = 0120000;
  private static final Set<Integer> NODES = Set.of(0010000, 0020000, 0060000, 0140000);

  static SourceEntry read(Path path) throws IOException {
    Map<String, Object> stat =
        Files.readAttributes(path, "unix:mode,uid,gid,dev,ino,nlink,size,lastModifiedTime,lastAccessTime", LinkOption.NOFOLLOW_LINKS);
    return new SourceEntry(
        (Integer) stat.get("mode"),
        new FileOwner((Integer) stat.get("uid"), (Integer) stat.get("gid")),
        (Long) stat.get("dev"),
        (Long) stat.get("ino"),
        (Integer) stat.get("nlink"),
        (Long) stat.get("size"),
        (FileTime) stat.get("lastModifiedTime"),
        (FileTime) stat.get("lastAccessTime"));
  }

  /** The entry's device and inode numbers, equal for hard links to one file. */
  Object inode() {
    return List.of(dev, ino);
  }

  boolean isDirectory() {
    return (mode & TYPE_MASK) == DIRECTORY;
  }

  boolean isRegularFile() {
    return (mode & TYPE_MASK) == REGULAR;
  }

  boolean isSymbolicLink() {
    return (mode & TYPE_MASK) == SYMLINK;
  }

  /** Whether the entry is a fifo, a character or block device, or a socket: made by {@code mknod}. */
  boolean isNode() {
    return NODES.contains(mode & TYPE_MASK);
  }
}
