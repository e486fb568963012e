package dev.strata.build.serve;

import dev.strata.build.solver.SolveException;
import dev.strata.build.worker.UnsupportedOptionException;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * One client's build on the daemon: reads the request, runs it on the warm worker, streams the
 * progress events back and ends with the outcome. A client that goes away does not stop the build,
 * whose results are cached for the next one.
 */
final class ServeConnection implements Runnable {
  private final Worker worker;
  private final LineChannel lines;
  private final PrintStream log;

  ServeConnection(Worker worker, LineChannel lines, PrintStream log) {
    this.worker = worker;
    this.lines = lines;
    this.log = log;
  }

  @Override
  public void run() {
    try (lines) {
      Optional<ServeRequest> request = lines.read(ServeRequest.class);
      if (request.isPresent()) {
        send(new Reply(null, outcome(request.get())));
      }
    } catch (IOException | RuntimeException e) {
      log.println("strata-build serve: failed to serve a client: " + e.getMessage());
    }
  }

  private Outcome outcome(ServeRequest request) {
    try {
      checkWorker(request);
      worker.build(request.toBuildRequest(), event -> send(new Reply(EventMessage.of(event), null)));
      return new Outcome(Outcome.OK, null);
    } catch (UnsupportedOptionException | IllegalArgumentException e) {
      return new Outcome(Outcome.REJECTED, e.getMessage());
    } catch (SolveException e) {
      return new Outcome(Outcome.FAILED, e.getMessage());
    } catch (RuntimeException e) {
      return new Outcome(Outcome.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  private void checkWorker(ServeRequest request) {
    WorkerConfig config = worker.config();
    String snapshotter = config.snapshotterAddress().map(Path::toString).orElse(null);
    if (!config.root().toString().equals(request.root()) || !Objects.equals(snapshotter, request.snapshotterAddress())) {
      throw new IllegalArgumentException("failed to accept build: this daemon serves root " + config.root()
          + " on snapshotter " + (snapshotter == null ? "(embedded)" : snapshotter));
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
