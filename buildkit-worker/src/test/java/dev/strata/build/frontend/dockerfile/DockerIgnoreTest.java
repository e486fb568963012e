package dev.strata.build.frontend.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerIgnoreTest {
  @Test
  void dropsCommentsAndBlanksCleansPatternsAndKeepsExceptions() {
    assertEquals(List.of("node_modules", "**/*.log", "!keep.log", "a/c", "/"),
        DockerIgnore.parse("# comment\n\nnode_modules/\n /**/*.log \n! keep.log\n./a/b/../c\n/\n"));
  }

  @Test
  void aDockerfileSpecificIgnoreFileWinsOverTheContexts(@TempDir Path dir) throws IOException {
    Path context = Files.createDirectory(dir.resolve("ctx"));
    Files.writeString(context.resolve(".dockerignore"), "general\n");
    Path dockerfile = Files.writeString(dir.resolve("Dockerfile"), "FROM a\n");

    assertEquals(List.of("general"), DockerIgnore.forBuild(context, dockerfile));
    Files.writeString(dir.resolve("Dockerfile.dockerignore"), "specific\n");
    assertEquals(List.of("specific"), DockerIgnore.forBuild(context, dockerfile));
  }
}
