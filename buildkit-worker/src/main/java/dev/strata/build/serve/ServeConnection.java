package dev.strata.build.serve;

import dev.strata.build.export.InvalidOutputException;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * One client's request on the daemon: a build, run on the warm worker with its progress events
 * streamed back, or a command line, run there with its output sent back; the outcome comes last. A
 * client that goes away does not stop the build, whose results are cached for the next one.
 */
final class ServeConnection implements Runnable {
  private final Worker worker;
  private final CommandRunner commands;
  private final LineChannel lines;
  private final PrintStream log;

  ServeConnection(Worker worker, CommandRunner commands, LineChannel lines, PrintStream log) {
    this.worker = worker;
    this.commands = commands;
    this.lines = lines;
    this.log = log;
  }

  @Override
  public void run() {
    try (lines) {
      Optional<Request> request = lines.read(Request.class);
      if (request.isPresent()) {
        Outcome outcome = request.get().build() != null ? outcome(request.get().build()) : run(request.get().command());
        send(new Reply(null, outcome));
      }
    } catch (IOException | RuntimeException e) {
      log.println("strata-build serve: failed to serve a client: " + e.getMessage());
    }
  }

  private Outcome run(List<String> command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exitCode = commands.run(worker, command, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return Outcome.ofCommand(exitCode, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The client runs builds that write to its stdout itself, so nothing here may write there. */
  private static final OutputStream NO_STDOUT = new OutputStream() {
    @Override
    public void write(int b) throws IOException {
      throw new IOException("failed to write to the client's stdout: builds with dest=- run in the client");
    }
  };

  private Outcome outcome(ServeRequest request) {
    try {
      checkWorker(request);
    } catch (IllegalArgumentException e) {
      return Outcome.of(Outcome.REJECTED, e.getMessage());
    }
    try {
      worker.build(request.toBuildRequest(), event -> send(new Reply(EventMessage.of(event), null)), NO_STDOUT);
      return Outcome.of(Outcome.OK, null);
    } catch (InvalidOutputException e) {
      return Outcome.of(Outcome.REJECTED, e.getMessage());
    } catch (RuntimeException e) {
      return Outcome.of(Outcome.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private void checkWorker(ServeRequest request) {
    WorkerConfig config = worker.config();
    WorkerConfig wanted = new WorkerConfig(Path.of(request.root()),
        Optional.ofNullable(request.snapshotterAddress()).map(Path::of), config.maxParallelism());
    if (!wanted.sameWorkerAs(config)) {
      throw new IllegalArgumentException("failed to accept build for " + wanted.describe()
          + ": this daemon serves " + config.describe());
    }
    if (request.maxParallelism() != null && request.maxParallelism() != config.maxParallelism()) {
      throw new IllegalArgumentException("failed to accept --max-parallelism " + request.maxParallelism()
          + ": the serve daemon runs with " + config.maxParallelism()
          + "; restart it with that option, or leave the option out");
    }
  }

  private void send(Reply reply) {
    try {
      lines.write(reply);
    } catch (IOException e) {
      // the client went away; the build goes on and its results are cached
    }
  }
}
