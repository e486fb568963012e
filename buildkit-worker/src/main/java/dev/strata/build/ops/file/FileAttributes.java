package dev.strata.build.ops.file;

import dev.strata.build.layer.Posix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;

/** Ownership, permission bits and times of one path, never following a symbolic link in it. */
final class FileAttributes {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private FileAttributes() {}

  static void chown(Path path, int uid, int gid) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
    Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
  }

  static void chown(Path path, Optional<FileOwner> owner) throws IOException {
    if (owner.isPresent()) {
      chown(path, owner.get().uid(), owner.get().gid());
    }
  }

  /**
   * Sets the permission bits, setuid/setgid/sticky included; symbolic links have none. By path, as
   * java.nio's chmod opens the file, which blocks on a fifo.
   */
  static void chmod(Path path, int mode) throws IOException {
    if (!Files.isSymbolicLink(path)) {
      Posix.chmod(path, mode & 07777);
    }
  }

  static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW);
  }

  static int uid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW);
  }

  static int gid(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:gid", NOFOLLOW);
  }

  static void setTimes(Path path, FileTime modified, FileTime accessed) throws IOException {
    Posix.setTimes(path, accessed.toInstant(), modified.toInstant());
  }

  /** Sets access and modification time to {@code time}, if there is one. */
  static void setTimes(Path path, Optional<Instant> time) throws IOException {
    if (time.isPresent()) {
      FileTime fileTime = FileTime.from(time.get());
      setTimes(path, fileTime, fileTime);
    }
  }

  /** An action's timestamp field: nanoseconds since the epoch, -1 for none. */
  static Optional<Instant> timestamp(long nanos) {
    if (nanos == -1) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
  }
}
