package dev.strata.build.worker;

/**
 * What {@code strata-build prune} removed.
 *
 * @param snapshots cached snapshots removed
 * @param bytes the bytes they held
 */
public record PruneReport(int snapshots, long bytes) {}
