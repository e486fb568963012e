package dev.strata.build.contenthash;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.strata.build.ops.ContentSelector;
import dev.strata.build.ops.file.CopyFilter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TreeDigestTest {
  private static final CopyFilter ALL = new CopyFilter(List.of(), List.of());

  @TempDir Path dir;
  private final FileDigestCache cache = FileDigestCache.create();

  @BeforeEach
  void tree() throws IOException {
    Files.createDirectories(dir.resolve("src/app"));
    Files.writeString(dir.resolve("src/app/main.go"), "package main");
    Files.writeString(dir.resolve("README.md"), "readme");
    Files.writeString(dir.resolve("notes.txt"), "notes");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("src/app/main.go"));
  }

  private String digest(CopyFilter filter) throws IOException {
    return new TreeDigest(cache, false).addTree(dir, filter).digest();
  }

  private String digest() throws IOException {
    return digest(ALL);
  }

  @Test
  void anIdenticalTreeElsewhereGivesTheSameDigest(@TempDir Path other) throws IOException {
    Files.createDirectories(other.resolve("src/app"));
    Files.writeString(other.resolve("src/app/main.go"), "package main");
    Files.writeString(other.resolve("README.md"), "readme");
    Files.writeString(other.resolve("notes.txt"), "notes");
    Files.createSymbolicLink(other.resolve("link"), Path.of("src/app/main.go"));
    Files.setPosixFilePermissions(other, Files.getPosixFilePermissions(dir));

    assertEquals(digest(), new TreeDigest(cache, false).addTree(other, ALL).digest());
  }

  @Test
  void timesDoNotCount() throws IOException {
    String before = digest();
    Files.setLastModifiedTime(dir.resolve("README.md"), FileTime.from(Instant.parse("2001-01-01T00:00:00Z")));

    assertEquals(before, digest());
  }

  @Test
  void contentModeTypeLinkTargetAndNamesCount() throws IOException {
    String before = digest();
    Files.writeString(dir.resolve("README.md"), "readme, edited");
    String edited = digest();
    Files.setPosixFilePermissions(dir.resolve("notes.txt"), PosixFilePermissions.fromString("rwx------"));
    String chmodded = digest();
    Files.delete(dir.resolve("link"));
    Files.createSymbolicLink(dir.resolve("link"), Path.of("README.md"));
    String relinked = digest();
    Files.move(dir.resolve("notes.txt"), dir.resolve("notes2.txt"));
    String renamed = digest();

    assertEquals(5, List.of(before, edited, chmodded, relinked, renamed).stream().distinct().count());
  }

  @Test
  void ownersCountOnlyWhenAsked() throws IOException {
    String withoutOwners = digest();
    String withOwners = new TreeDigest(cache, true).addTree(dir, ALL).digest();
    Files.setAttribute(dir.resolve("README.md"), "unix:uid", 4242);

    assertEquals(withoutOwners, digest());
    assertNotEquals(withOwners, new TreeDigest(cache, true).addTree(dir, ALL).digest());
  }

  @Test
  void excludedEntriesDoNotCountUnlessReIncluded() throws IOException {
    CopyFilter filter = new CopyFilter(List.of(), List.of("*.md", "src", "!src/app/main.go"));
    String before = digest(filter);
    Files.writeString(dir.resolve("README.md"), "readme, edited");
    Files.writeString(dir.resolve("src/app/other.go"), "package other");
    assertEquals(before, digest(filter));

    Files.writeString(dir.resolve("src/app/main.go"), "package main // edited");
    assertNotEquals(before, digest(filter));
  }

  @Test
  void includePatternsSelectEntriesAndTheirParents() throws IOException {
    CopyFilter filter = new CopyFilter(List.of("src/**/*.go"), List.of());
    String before = digest(filter);
    Files.writeString(dir.resolve("notes.txt"), "notes, edited");
    Files.createDirectories(dir.resolve("src/empty"));
    assertEquals(before, digest(filter));

    Files.setPosixFilePermissions(dir.resolve("src/app"), PosixFilePermissions.fromString("rwx------"));
    assertNotEquals(before, digest(filter));
  }

  @Test
  void aRewrittenFileIsReadAgainThoughItsDigestIsCached() throws IOException {
    String before = digest();
    Files.writeString(dir.resolve("notes.txt"), "NOTES");

    assertNotEquals(before, digest());
  }

  @Test
  void selectedContentCountsOnlyWhatTheSelectorsSelect() throws IOException {
    List<ContentSelector> selectors =
        List.of(new ContentSelector("/src/*", true, false, List.of(), List.of()), ContentSelector.file("/README.md"));
    String before = SelectedContent.digest(dir, selectors, cache);
    Files.writeString(dir.resolve("notes.txt"), "notes, edited");
    assertEquals(before, SelectedContent.digest(dir, selectors, cache));

    Files.writeString(dir.resolve("src/app/main.go"), "package main // edited");
    String editedSource = SelectedContent.digest(dir, selectors, cache);
    Files.delete(dir.resolve("README.md"));

    assertEquals(3, List.of(before, editedSource, SelectedContent.digest(dir, selectors, cache)).stream().distinct().count());
  }
}
