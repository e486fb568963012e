package dev.strata.build.ops.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootPathTest {
  @TempDir Path root;

  @Test
  void dotDotNeverClimbsAboveTheRoot() throws IOException {
    assertEquals(root.resolve("etc"), RootPath.resolve(root, "/../../etc"));
  }

  @Test
  void relativeLinksThatClimbOutLandInTheRoot() throws IOException {
    Files.createSymbolicLink(root.resolve("up"), Path.of("../../../.."));
    assertEquals(root.resolve("x"), RootPath.resolve(root, "/up/x"));
  }

  @Test
  void absoluteLinksStartOverAtTheRoot() throws IOException {
    Files.createDirectories(root.resolve("real"));
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/real"));
    assertEquals(root.resolve("real/file"), RootPath.resolve(root, "abs/file"));
    assertEquals(root.resolve("real"), RootPath.resolve(root, "/abs"));
  }

  @Test
  void theLastLinkStaysWhenNotFollowed() throws IOException {
    Files.createSymbolicLink(root.resolve("abs"), Path.of("/etc/passwd"));
    assertEquals(root.resolve("abs"), RootPath.resolve(root, "/abs", false));
    assertEquals(root.resolve("etc/passwd"), RootPath.resolve(root, "/abs", true));
  }

  @Test
  void linkLoopsFail() throws IOException {
    Files.createSymbolicLink(root.resolve("loop"), Path.of("/loop"));
    assertThrows(IOException.class, () -> RootPath.resolve(root, "/loop/x"));
  }
}
