package dev.strata.build.contenthash;

import dev.strata.build.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The sha256 digests of regular files' contents, remembered by path while the file's size, times and
 * inode stay the same, so that a directory digested again is only read where it changed.
 */
public final class FileDigestCache {
  private record Stamp(long size, FileTime modified, FileTime changed, Object inode) {}

  private record Entry(Stamp stamp, String digest) {}

  private final ConcurrentMap<Path, Entry> entries = new ConcurrentHashMap<>();
  private final boolean remember;

  private FileDigestCache(boolean remember) {
    this.remember = remember;
  }

  /** A cache that remembers every file it digests for as long as it lives. */
  public static FileDigestCache create() {
    return new FileDigestCache(true);
  }

  /** No cache: every file is read each time, for trees that are never digested twice at the same path. */
  public static FileDigestCache none() {
    return new FileDigestCache(false);
  }

  /**
   * The digest of the regular file {@code file}, whose {@code unix:*} attributes the caller read.
   */
  String digest(Path file, Map<String, Object> attributes) throws IOException {
    if (!remember) {
      return read(file);
    }
    Stamp stamp =
        new Stamp(
            (Long) attributes.get("size"),
            (FileTime) attributes.get("lastModifiedTime"),
            (FileTime) attributes.get("ctime"),
            attributes.get("ino"));
    Entry entry = entries.get(file);
    if (entry != null && entry.stamp().equals(stamp)) {
      return entry.digest();
    }
    String digest = read(file);
    entries.put(file, new Entry(stamp, digest));
    return digest;
  }

  private static String read(Path file) throws IOException {
    MessageDigest sha256 = Digest.newHasher();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        sha256.update(buffer, 0, n);
      }
    }
    return Digest.ofHash(sha256.digest()).toString();
  }
}
