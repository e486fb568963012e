package dev.strata.build.cli;

import dev.strata.build.ops.exec.CacheMountRecord;
import dev.strata.build.worker.CacheRecord;
import dev.strata.build.worker.Worker;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code strata-build du}: the cached results and the disk space they hold. */
@Command(name = "du", description = "Lists cached results and cache mounts with their sizes.")
final class DuCommand implements Callable<Integer> {
  @ParentCommand Main main;

  @Override
  public Integer call() {
    return main.onWorker(null, this::report);
  }

  private int report(Worker worker) {
    List<CacheRecord> records = worker.diskUsage();
    Table table = new Table("ID", "SIZE");
    long total = 0;
    for (CacheRecord record : records) {
      table.row(record.snapshot(), ByteSizes.format(record.size()));
      total += record.size();
    }
    for (CacheMountRecord mount : worker.cacheMountUsage()) {
      table.row(mount.id(), ByteSizes.format(mount.size()));
      total += mount.size();
    }
    table.print(main.out);
    main.out.println("Total:\t" + ByteSizes.format(total));
    return 0;
  }
}
