package dev.strata.build.ops.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.layer.Posix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Copies of whole trees: what each entry keeps, over existing targets, mirrored, and failing midway. */
class TreeCopierTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final CopyFilter EVERYTHING = new CopyFilter(List.of(), List.of());
  private static final int FILES = 300;

  @TempDir Path directory;
  private Path source;

  @BeforeEach
  void writeSource() throws IOException {
    source = Files.createDirectory(directory.resolve("source"));
    Path files = Files.createDirectories(source.resolve("files"));
    for (int i = 0; i < FILES; i++) {
      Path file = Files.writeString(files.resolve(i + ".txt"), "file " + i + "\n");
      FileAttributes.chmod(file, i % 3 == 0 ? 0600 : i % 3 == 1 ? 0755 : 04755);
      FileTime time = FileTime.from(Instant.ofEpochSecond(1_600_000_000L + i, 123_456_789));
      FileAttributes.setTimes(file, time, time);
    }
    Files.createLink(files.resolve("link-to-7.txt"), files.resolve("7.txt"));
    Files.createSymbolicLink(files.resolve("symlink"), Path.of("../elsewhere"));
    Files.writeString(Files.createDirectory(files.resolve("sub")).resolve("deep.txt"), "deep\n");
    for (Path dir : List.of(files.resolve("sub"), files, source)) {
      FileTime time = FileTime.from(Instant.ofEpochSecond(1_500_000_000L, 987_654_321));
      FileAttributes.setTimes(dir, time, time);
    }
  }

  @Test
  void aCopyKeepsContentsModesTimesSymlinksAndHardLinks() throws IOException {
    Path target = Files.createDirectory(directory.resolve("target"));

    TreeCopier.copyTreeContents(source, target);

    assertEquals(listing(source), listing(target));
    assertEquals(inode(target.resolve("files/7.txt")), inode(target.resolve("files/link-to-7.txt")));
  }

  @Test
  void aCopyKeepsExtendedAttributesAndAFileCapabilityThroughAChown() throws IOException {
    // struct vfs_cap_data, revision 2, effective: cap_net_raw (bit 13) permitted
    byte[] netRaw = {1, 0, 0, 2, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    Path file = source.resolve("files/1.txt");
    Posix.setXattr(file, "security.capability", netRaw);
    Posix.setXattr(file, "user.origin", "file".getBytes(StandardCharsets.UTF_8));
    Posix.setXattr(source.resolve("files/sub"), "user.origin", "directory".getBytes(StandardCharsets.UTF_8));
    Path target = Files.createDirectory(directory.resolve("target"));
    TreeCopier chowning = TreeCopier.mirroring(
        new TreeCopier.Overrides(Optional.of(new FileOwner(1000, 1000)), Optional.empty(), Optional.empty()),
        EVERYTHING, TreeCopier.SameContent.BYTES, TreeCopier.CopiedFile.IGNORE);

    chowning.mirrorContents(source, target);

    assertEquals(1000, FileAttributes.uid(target.resolve("files/1.txt")));
    assertArrayEquals(netRaw, Posix.getXattr(target.resolve("files/1.txt"), "security.capability"));
    assertArrayEquals("file".getBytes(StandardCharsets.UTF_8), Posix.getXattr(target.resolve("files/1.txt"), "user.origin"));
    assertArrayEquals("directory".getBytes(StandardCharsets.UTF_8), Posix.getXattr(target.resolve("files/sub"), "user.origin"));
  }

  @Test
  void aCopyIntoANonEmptyDirectoryReplacesFilesAndKeepsTheRest() throws IOException {
    Path target = directory.resolve("target");
    Files.createDirectories(target.resolve("files"));
    Files.writeString(target.resolve("files/3.txt"), "stale");
    Files.writeString(target.resolve("files/extra.txt"), "kept");

    TreeCopier.copyTreeContents(source, target);

    Map<String, String> copied = listing(target);
    assertEquals("kept", Files.readString(target.resolve("files/extra.txt")));
    copied.remove("files/extra.txt");
    assertEquals(listing(source), copied);
  }

  @Test
  void aMirrorOwnedByRootMatchesItsSourceAndReportsEachFileItCopied() throws IOException {
    Path target = directory.resolve("target");
    Files.createDirectories(target.resolve("files"));
    Files.writeString(target.resolve("files/extra.txt"), "removed");
    Map<Path, Path> copies = new ConcurrentHashMap<>();
    TreeCopier.Overrides rootOwned =
        new TreeCopier.Overrides(Optional.of(new FileOwner(0, 0)), Optional.empty(), Optional.empty());

    TreeCopier.mirroring(rootOwned, EVERYTHING, (a, b) -> false, copies::put).mirrorContents(source, target);

    assertEquals(listing(source), listing(target));
    assertEquals(FILES + 1, copies.size(), "the hard link is no copy");
    assertEquals(target.resolve("files/42.txt"), copies.get(source.resolve("files/42.txt")));
  }

  @Test
  void aMirrorWritesNothingToATargetThatAlreadyMatches() throws IOException {
    Path target = Files.createDirectory(directory.resolve("target"));
    TreeCopier.copyTreeContents(source, target);
    Map<String, String> before = inodesAndChangeTimes(target);
    waitForTheChangeTimeClock(target);

    mirrorByBytes(source, target);

    assertEquals(before, inodesAndChangeTimes(target));
  }

  @Test
  void aMirrorReplacesAFileWhoseBytesAloneDiffer() throws IOException {
    Path target = Files.createDirectory(directory.resolve("target"));
    TreeCopier.copyTreeContents(source, target);
    Path file = target.resolve("files/3.txt");
    FileTime modified = Files.getLastModifiedTime(file, NOFOLLOW);
    Files.writeString(file, "file X\n");
    Files.setLastModifiedTime(file, modified);

    mirrorByBytes(source, target);

    assertEquals(listing(source), listing(target));
  }

  @Test
  void aDirectoryInTheWayOfAFileFailsTheCopy() throws IOException {
    Path target = Files.createDirectory(directory.resolve("target"));
    Path files = Files.createDirectory(target.resolve("files"));
    Files.createDirectory(files.resolve("100.txt"));

    assertThrows(IOException.class, () -> TreeCopier.copyTreeContents(source, target));
    assertTrue(Files.isDirectory(files.resolve("100.txt"), NOFOLLOW));
  }

  @Test
  void aCopyRecreatesAFifoAndADeviceNodeWithTheirOwnersModesAndTimes() throws IOException {
    writeNodes();
    Path target = Files.createDirectory(directory.resolve("target"));

    TreeCopier.copyTreeContents(source, target);

    assertEquals(listing(source), listing(target));
    assertEquals(Posix.makedev(1, 3), rdev(target.resolve("nodes/null")));
  }

  @Test
  void aMirrorKeepsAMatchingNodeAndReplacesOneWithAnotherDeviceNumber() throws IOException {
    writeNodes();
    Path target = Files.createDirectory(directory.resolve("target"));
    TreeCopier.copyTreeContents(source, target);
    Path device = target.resolve("nodes/null");
    Object fifo = inode(target.resolve("nodes/fifo"));
    Files.delete(device);
    Posix.mknod(device, 0020000 | 0640, Posix.makedev(1, 5));
    FileAttributes.chown(device, 1234, 5678);
    FileAttributes.chmod(device, 0640);
    FileTime time = Files.getLastModifiedTime(source.resolve("nodes/null"), NOFOLLOW);
    FileAttributes.setTimes(device, time, time);

    mirrorByBytes(source, target);

    assertEquals(listing(source), listing(target));
    assertEquals(fifo, inode(target.resolve("nodes/fifo")));
    assertEquals(Posix.makedev(1, 3), rdev(device));
  }

  /** A fifo and the character device 1:3, each with its own owner, mode and times, in {@code nodes/}. */
  private void writeNodes() throws IOException {
    Path nodes = Files.createDirectory(source.resolve("nodes"));
    Posix.mknod(nodes.resolve("fifo"), 0010000 | 0600, 0);
    Posix.mknod(nodes.resolve("null"), 0020000 | 0600, Posix.makedev(1, 3));
    FileAttributes.chmod(nodes.resolve("fifo"), 0620);
    FileAttributes.chmod(nodes.resolve("null"), 0640);
    FileAttributes.chown(nodes.resolve("null"), 1234, 5678);
    FileTime time = FileTime.from(Instant.ofEpochSecond(1_400_000_000L, 987_654_321));
    for (Path path : List.of(nodes.resolve("fifo"), nodes.resolve("null"), nodes)) {
      FileAttributes.setTimes(path, time, time);
    }
  }

  private static long rdev(Path path) throws IOException {
    return (Long) Files.getAttribute(path, "unix:rdev", NOFOLLOW);
  }

  /** Each entry's type, mode, owner, times, and content or link target, by relative path. */
  private static Map<String, String> listing(Path root) throws IOException {
    Map<String, String> listing = new TreeMap<>();
    List<Path> paths = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(p -> !p.equals(root)).forEach(paths::add);
    }
    for (Path path : paths) {
      Map<String, Object> stat = Files.readAttributes(path, "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
      String content = Files.isSymbolicLink(path)
          ? "-> " + Files.readSymbolicLink(path)
          : Files.isRegularFile(path, NOFOLLOW) ? Files.readString(path) : "";
      listing.put(root.relativize(path).toString(), Integer.toOctalString((Integer) stat.get("mode")) + " " + stat.get("uid")
          + ":" + stat.get("gid") + " " + stat.get("lastModifiedTime") + " " + content);
    }
    return listing;
  }

  private static void mirrorByBytes(Path source, Path target) throws IOException {
    TreeCopier.mirroring(TreeCopier.Overrides.NONE, EVERYTHING, TreeCopier.SameContent.BYTES, TreeCopier.CopiedFile.IGNORE)
        .mirrorContents(source, target);
  }

  /** Each entry's inode and status change time, the root's included, by relative path. */
  private static Map<String, String> inodesAndChangeTimes(Path root) throws IOException {
    Map<String, String> stamps = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.toList()) {
        Map<String, Object> stat = Files.readAttributes(path, "unix:ino,ctime", NOFOLLOW);
        stamps.put(root.relativize(path).toString(), stat.get("ino") + " " + stat.get("ctime"));
      }
    }
    return stamps;
  }

  /** Returns once a change made now gets a later status change time than every entry below {@code root} has. */
  private static void waitForTheChangeTimeClock(Path root) throws IOException {
    FileTime latest;
    try (Stream<Path> walk = Files.walk(root)) {
      latest = walk.map(TreeCopierTest::changeTime).max(FileTime::compareTo).orElseThrow();
    }
    Path probe = Files.createFile(root.getParent().resolve("probe"));
    while (changeTime(probe).compareTo(latest) <= 0) {
      Files.setLastModifiedTime(probe, FileTime.fromMillis(0));
    }
    Files.delete(probe);
  }

  private static FileTime changeTime(Path path) {
    try {
      return (FileTime) Files.getAttribute(path, "unix:ctime", NOFOLLOW);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Object inode(Path path) throws IOException {
    return Files.getAttribute(path, "unix:ino", NOFOLLOW);
  }
}
