package dev.strata.build.contenthash;

import dev.strata.build.image.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sha256 digests of regular files' contents, remembered while a file's inode, size, modification
 * and change times stay the same, so that a directory digested again is only read where it changed.
 * The change time moves on every write and cannot be set, so a stamp names one content; leaving the
 * path out lets a copy that keeps its inode (a committed snapshot seen through a later mount) be known
 * by the digest of the file it was copied from.
 */
public final class FileDigestCache {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int MAX_ENTRIES = 1_000_000;
  /**
   * The attributes a {@link Stamp} and a tree entry need; never {@code unix:*}, which also names the
   * owner and group, looking each up in /etc/passwd and /etc/group.
   */
  static final String ATTRIBUTES = "unix:mode,uid,gid,ino,rdev,size,lastModifiedTime,ctime";

  private record Stamp(Object inode, long size, FileTime modified, FileTime changed) {
    static Stamp of(Map<String, Object> attributes) {
      return new Stamp(
          attributes.get("ino"),
          (Long) attributes.get("size"),
          (FileTime) attributes.get("lastModifiedTime"),
          (FileTime) attributes.get("ctime"));
    }
  }

  private final ConcurrentMap<Stamp, String> digests = new ConcurrentHashMap<>();
  private final AtomicLong filesRead = new AtomicLong();

  private FileDigestCache() {}

  /** An empty cache, meant to live as long as the worker. */
  public static FileDigestCache create() {
    return new FileDigestCache();
  }

  /** How many files were read because their digest was not known, for performance checks. */
  public long filesRead() {
    return filesRead.get();
  }

  /**
   * Lets {@code copy}, a regular file just copied from {@code original}, be known by {@code original}'s
   * remembered digest; does nothing when that digest is not remembered or {@code original} changed.
   */
  public void rememberCopy(Path original, Path copy) throws IOException {
    String digest = digests.get(Stamp.of(Files.readAttributes(original, ATTRIBUTES, NOFOLLOW)));
    if (digest != null) {
      remember(Stamp.of(Files.readAttributes(copy, ATTRIBUTES, NOFOLLOW)), digest);
    }
  }

  /**
   * Hard links {@code link} to the regular file {@code existing}, which keeps its remembered digest
   * though the link moves its change time.
   */
  public void createLink(Path link, Path existing) throws IOException {
    String digest = digests.get(Stamp.of(Files.readAttributes(existing, ATTRIBUTES, NOFOLLOW)));
    Files.createLink(link, existing);
    if (digest != null) {
      remember(Stamp.of(Files.readAttributes(existing, ATTRIBUTES, NOFOLLOW)), digest);
    }
  }

  /** The digest of the regular file {@code file}. */
  public String digest(Path file) throws IOException {
    return digest(file, Files.readAttributes(file, ATTRIBUTES, NOFOLLOW));
  }

  /** The digest of the regular file {@code file}, whose {@link #ATTRIBUTES} the caller read. */
  String digest(Path file, Map<String, Object> attributes) throws IOException {
    Stamp stamp = Stamp.of(attributes);
    String known = digests.get(stamp);
    if (known != null) {
      return known;
    }
    String digest = read(file);
    remember(stamp, digest);
    return digest;
  }

  private void remember(Stamp stamp, String digest) {
    if (digests.size() >= MAX_ENTRIES) {
      digests.clear();
    }
    digests.put(stamp, digest);
  }

  private String read(Path file) throws IOException {
    filesRead.incrementAndGet();
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
