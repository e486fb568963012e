package dev.strata.tests.build.cli;

import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.Modules;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs the {@code bin/strata-build} launcher of the repository on one worker root. */
final class StrataBuildCli {
  private static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final Path root;

  StrataBuildCli(Path root) {
    this.root = root;
  }

  static Path launcher() {
    return Modules.repositoryRoot().resolve("bin").resolve("strata-build");
  }

  /** The command line of {@code strata-build --root ROOT args...}. */
  List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(launcher().toString(), "--root", root.toString()));
    command.addAll(List.of(args));
    return command;
  }

  CommandResult run(String... args) {
    return Commands.run(TIMEOUT, command(args));
  }

  /** Starts {@code strata-build --root ROOT args...} in {@code directory}, its streams from and to files. */
  Process start(Path directory, Path stdin, Path stdout, Path stderr, String... args) throws IOException {
    return new ProcessBuilder(command(args))
        .directory(directory.toFile())
        .redirectInput(stdin.toFile())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
  }
}
