package dev.strata.build.worker;

import dev.strata.build.solver.CacheIndex;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Snapshotter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The disk usage of the cached results: what {@code strata-build du} lists. */
final class CacheUsage {
  private CacheUsage() {}

  /** Every indexed snapshot that still exists, with its size, sorted by snapshot name. */
  static List<CacheRecord> of(CacheIndex index, Snapshotter snapshotter) {
    List<CacheRecord> records = new ArrayList<>();
    for (Map.Entry<String, List<String>> entry : index.entries().entrySet()) {
      for (String snapshot : entry.getValue()) {
        try {
          records.add(new CacheRecord(snapshot, entry.getKey(), snapshotter.usage(snapshot).size()));
        } catch (NotFoundException gone) {
          // an entry whose snapshot is gone is a cache miss, not a record
        }
      }
    }
    records.sort(java.util.Comparator.comparing(CacheRecord::snapshot));
    return records;
  }
}
