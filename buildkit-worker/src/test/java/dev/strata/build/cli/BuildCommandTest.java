package dev.strata.build.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.LlbDefinition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuildCommandTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int build(String dockerfile, String... options) throws IOException {
    Path context = Files.createDirectories(dir.resolve("context"));
    Files.writeString(context.resolve("Dockerfile"), dockerfile);
    Files.writeString(context.resolve("hello.txt"), "hello");
    String[] args = new String[options.length + 4];
    args[0] = "--root";
    args[1] = dir.resolve("root").toString();
    args[2] = "build";
    System.arraycopy(options, 0, args, 3, options.length);
    args[args.length - 1] = context.toString();
    return Main.run(args, new PrintStream(out, true), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printLlbWritesADefinitionThatParses() throws IOException {
    int exit = build("FROM scratch\nCOPY hello.txt /\n", "--print-llb");

    assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
    LlbDefinition definition = LlbDefinition.parse(out.toByteArray());
    assertTrue(definition.vertices().size() >= 2, "a local source and a file op");
  }

  @Test
  void badDockerfileFailsNamingItsLine() throws IOException {
    int exit = build("FROM scratch\nFROBNICATE x\n", "--print-llb");

    assertEquals(Main.FAILURE, exit);
    assertEquals(0, out.size());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("Dockerfile:2:"), err.toString(StandardCharsets.UTF_8));
  }
}
