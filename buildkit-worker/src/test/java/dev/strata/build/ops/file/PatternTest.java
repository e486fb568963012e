package dev.strata.build.ops.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PatternTest {

  @Test
  void globFollowsGoFilepathMatch() {
    assertTrue(Glob.matches("*.txt", "a.txt"));
    assertFalse(Glob.matches("*.txt", "dir/a.txt"));
    assertTrue(Glob.matches("a?c", "abc"));
    assertTrue(Glob.matches("[a-c]x", "bx"));
    assertFalse(Glob.matches("[^a-c]x", "bx"));
    assertTrue(Glob.matches("\\*", "*"));
    assertThrows(IllegalArgumentException.class, () -> Glob.matches("[a", "a"));
  }

  @Test
  void doubleStarMatchesAnyDepth() {
    PathPattern pattern = PathPattern.parse("**/*.go");
    assertTrue(pattern.matches("main.go"));
    assertTrue(pattern.matches("a/b/main.go"));
    assertFalse(pattern.matches("a/b/main.c"));
  }

  @Test
  void excludesCoverContentsAndExclusionsReinclude() {
    CopyFilter filter = new CopyFilter(List.of(), List.of("docs", "*.log", "!keep.log"));
    assertTrue(filter.exclude("docs/readme.md", false));
    assertTrue(filter.exclude("a.log", false));
    assertFalse(filter.exclude("keep.log", false));
    assertFalse(filter.exclude("src", true));
  }

  @Test
  void includesEnterDirectoriesThatCouldHoldAMatch() {
    CopyFilter filter = new CopyFilter(List.of("sub/*.txt"), List.of());
    assertEquals(new CopyFilter.Inclusion(true, false), filter.include("sub", true));
    assertEquals(new CopyFilter.Inclusion(true, true), filter.include("sub/c.txt", false));
    assertEquals(new CopyFilter.Inclusion(false, false), filter.include("other", true));
  }

  @Test
  void cleanPathKeepsTrailingSlashAndDot() {
    assertEquals("/a/b/", FileActions.cleanPath("a//b/"));
    assertEquals("/a/.", FileActions.cleanPath("a/./."));
    assertEquals("/", FileActions.cleanPath("/"));
    assertEquals("/b", FileActions.cleanPath("/a/../b"));
  }
}
