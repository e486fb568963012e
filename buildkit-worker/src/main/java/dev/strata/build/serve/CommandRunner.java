package dev.strata.build.serve;

import dev.strata.build.worker.Worker;
import java.io.InputStream;
import java.io.PrintStream;

/** Runs a client's command line on the daemon's worker, as the CLI would in the client's own process. */
@FunctionalInterface
public interface CommandRunner {
  /**
   * Runs {@code invocation} on {@code worker} with the client's streams; returns the exit code. An
   * interrupt of the calling thread means the client went away: the command stops as soon as it can.
   */
  int run(Worker worker, Invocation invocation, InputStream in, PrintStream out, PrintStream err);
}
