package dev.strata.build.cli;

import dev.strata.build.worker.PruneReport;
import dev.strata.build.worker.Worker;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code strata-build prune}: removes the cached results and the cache mounts not in use; images stay. */
@Command(name = "prune", description = "Removes cached results and cache mounts not in use (images stay).")
final class PruneCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    return main.onWorker(null, this::prune);
  }

  private int prune(Worker worker) {
    PruneReport report = worker.prune();
    main.out.println("Removed " + report.snapshots() + " cached results, " + ByteSizes.format(report.bytes()));
    main.out.println("Removed " + report.cacheMounts() + " cache mounts, " + ByteSizes.format(report.cacheMountBytes()));
    return 0;
  }
}
