package dev.strata.build.serve;

import dev.strata.build.worker.Worker;
import java.io.PrintStream;
import java.util.List;

/** Runs a command line (image, du, prune) on the daemon's worker, as the CLI would in its own process. */
@FunctionalInterface
public interface CommandRunner {
  /** Runs {@code args} on {@code worker}, writing to {@code out} and {@code err}; returns the exit code. */
  int run(Worker worker, List<String> args, PrintStream out, PrintStream err);
}
