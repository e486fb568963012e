package dev.strata.build.solver;

import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;

/**
 * What every solve of one {@link Solver} shares.
 *
 * @param contentKeys content keys of vertices that read parts of their inputs
 * @param inFlight executions under way by cache key, so that identical vertices run once
 */
record SolveResources(
    Snapshotter snapshotter,
    Mounter mounter,
    Path mountRoot,
    CacheIndex index,
    SolvePlanner planner,
    ContentKeys contentKeys,
    ConcurrentMap<String, CompletableFuture<List<CommittedSnapshot>>> inFlight) {}
