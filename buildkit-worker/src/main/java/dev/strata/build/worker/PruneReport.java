package dev.strata.build.worker;

/**
 * What {@code strata-build prune} removed.
 *
 * @param snapshots cached snapshots removed
 * @param bytes the bytes they held
 * @param cacheMounts cache mount instances removed
 * @param cacheMountBytes the bytes they held
 */
public record PruneReport(int snapshots, long bytes, int cacheMounts, long cacheMountBytes) {
  /** This report with the cache mounts that were removed. */
  PruneReport withCacheMounts(int count, long size) {
    return new PruneReport(snapshots, bytes, count, size);
  }
}
