package dev.strata.build.cli;

import dev.strata.build.frontend.dockerfile.ConversionCache;
import dev.strata.build.serve.ServeDaemon;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import dev.strata.build.worker.WorkerLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import sun.misc.Signal;

/**
 * {@code strata-build serve}: a daemon holding a warm worker, to which bin/strata-build hands every other
 * command line on the same root ({@link Launcher}). It listens at once, but runs command lines only once it
 * has warmed up on a scratch worker ({@link ServeWarmup}); one handed in meanwhile waits. SIGTERM or SIGINT
 * stop it after the commands under way; it exits 0.
 */
@Command(name = "serve", description = "Serves a warm worker to the commands on the same root.")
final class ServeCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Option(names = "--address", paramLabel = "SOCKET", description = "The socket to listen on (default: ROOT/serve.sock).")
  Path address;

  @Option(names = "--max-parallelism", paramLabel = "N", converter = Converters.Parallelism.class,
      description = "How many ops may run at once (default: the number of processors).")
  Integer maxParallelism;

  @Override
  public Integer call() throws InterruptedException {
    main.requireOwnProcess("serve");
    CountDownLatch stop = new CountDownLatch(1);
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> stop.countDown());
    }
    WorkerConfig config = main.workerConfig(maxParallelism);
    Path socket = address != null ? address : new WorkerLayout(config.root()).defaultServeSocket();
    try (Worker worker = Worker.open(config);
        ServeDaemon daemon = ServeDaemon.listen(worker, Main.served(new ConversionCache()), socket, main.err)) {
      main.err.printf("strata-build serve: listening on %s, warming up%n", daemon.socket());
      long start = System.nanoTime();
      warmUp(config);
      Duration warmUp = Duration.ofNanos(System.nanoTime() - start);
      daemon.serve();
      main.err.printf("strata-build serve: serving %s on %s (warmed up in %.2f s)%n", config.root(), daemon.socket(),
          warmUp.toMillis() / 1000.0);
      stop.await();
    }
    return 0;
  }

  /** A daemon that failed to warm up still serves, only its first builds are slower. */
  private void warmUp(WorkerConfig config) {
    try {
      new ServeWarmup(Main.served(new ConversionCache()), config).run();
    } catch (RuntimeException e) {
      main.err.println("strata-build serve: " + e.getMessage());
    }
  }
}
