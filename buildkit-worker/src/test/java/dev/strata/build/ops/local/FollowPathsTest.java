package dev.strata.build.ops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FollowPathsTest {
  @TempDir Path dir;

  @Test
  void aPathWithoutLinksIsItself() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch");

    assertEquals(List.of("Dockerfile", "missing/file"), FollowPaths.resolve(dir, List.of("./Dockerfile", "missing/file")));
  }

  @Test
  void linksOnTheWayAddTheirTargetsInsideTheDirectory() throws IOException {
    Files.createDirectories(dir.resolve("real/docker"));
    Files.writeString(dir.resolve("real/docker/Dockerfile"), "FROM scratch");
    Files.createSymbolicLink(dir.resolve("build"), Path.of("real/docker"));
    Files.createSymbolicLink(dir.resolve("Dockerfile"), Path.of("/build/Dockerfile"));

    assertEquals(
        List.of("Dockerfile", "build", "real/docker/Dockerfile"),
        FollowPaths.resolve(dir, List.of("Dockerfile")));
  }

  @Test
  void theRootLeavesNothingToFilter() throws IOException {
    assertEquals(List.of(), FollowPaths.resolve(dir, List.of("a", ".")));
  }

  @Test
  void pathsInsideAnotherAreDropped() throws IOException {
    assertEquals(List.of("a"), FollowPaths.resolve(dir, List.of("a/b", "a")));
  }
}
