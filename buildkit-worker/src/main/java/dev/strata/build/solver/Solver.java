package dev.strata.build.solver;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Solves LLB definitions on a snapshotter: computes every needed vertex's cache key, takes what the
 * persistent {@link CacheIndex} already holds, and runs the rest, independent vertices in parallel on
 * at most {@code maxParallelism} threads. Vertices with the same cache key run once, also across
 * concurrent solves.
 *
 * <p>Keys come in two phases. The definition key of every vertex is known before anything runs: its
 * op's key over its inputs' keys, where a content-keyed source (a local directory) contributes the
 * digest of its content. When that misses and the op reads only parts of some inputs (a copy), the
 * inputs are solved first and the content key, over the digests of the parts read, is tried next; a
 * result is indexed under both, and only after the op succeeded.
 *
 * <p>Layout of the worker root: {@code cache-index.json} (the index), {@code mounts/} (mount points of
 * executing ops).
 */
public final class Solver implements AutoCloseable {
  private final SolveResources resources;
  private final ExecutorService executor;

  private Solver(SolveResources resources, ExecutorService executor) {
    this.resources = resources;
    this.executor = executor;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Solves {@code definition}'s result and returns the committed snapshot that holds it, which stays
   * owned by the cache index.
   *
   * @param session the build's locals, secrets and entitlements
   * @throws SolveException naming the first vertex that failed; no other vertex started after it
   */
  public CommittedSnapshot solve(LlbDefinition definition, Session session, ProgressListener listener) {
    return new SolveRun(resources, executor, session, listener).solve(definition);
  }

  /** The index of cached results, for inspection. */
  public CacheIndex cacheIndex() {
    return resources.index();
  }

  /** Stops the worker threads after the ops under way; does not close the snapshotter. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configuration of a {@link Solver}; {@link #build()} names every missing field. */
  public static final class Builder {
    private Snapshotter snapshotter;
    private OpResolver resolver;
    private Path root;
    private Mounter mounter = new Mounter();
    private FileDigestCache fileDigests = FileDigestCache.create();
    private int maxParallelism = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    public Builder snapshotter(Snapshotter snapshotter) {
      this.snapshotter = snapshotter;
      return this;
    }

    public Builder resolver(OpResolver resolver) {
      this.resolver = resolver;
      return this;
    }

    /** The worker's state directory: the cache index and mount points live here. */
    public Builder root(Path root) {
      this.root = root;
      return this;
    }

    public Builder mounter(Mounter mounter) {
      this.mounter = mounter;
      return this;
    }

    /**
     * The file digests content keys are made of: give the one the local source factory has, so that a
     * copy of a context is not read again.
     */
    public Builder fileDigests(FileDigestCache fileDigests) {
      this.fileDigests = fileDigests;
      return this;
    }

    /** How many ops may execute at once. */
    public Builder maxParallelism(int maxParallelism) {
      if (maxParallelism < 1) {
        throw new IllegalArgumentException("max parallelism must be at least 1, got " + maxParallelism);
      }
      this.maxParallelism = maxParallelism;
      return this;
    }

    public Solver build() {
      List<String> missing = new ArrayList<>();
      if (snapshotter == null) {
        missing.add("snapshotter");
      }
      if (resolver == null) {
        missing.add("resolver");
      }
      if (root == null) {
        missing.add("root");
      }
      if (mounter == null) {
        missing.add("mounter");
      }
      if (fileDigests == null) {
        missing.add("fileDigests");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException("failed to build solver: missing " + String.join(", ", missing));
      }
      ConcurrentMap<String, CompletableFuture<List<CommittedSnapshot>>> inFlight = new ConcurrentHashMap<>();
      SolveResources resources =
          new SolveResources(
              snapshotter,
              mounter,
              root.resolve("mounts"),
              CacheIndex.open(root.resolve("cache-index.json")),
              new SolvePlanner(resolver),
              new ContentKeys(fileDigests),
              inFlight);
      return new Solver(resources, Executors.newFixedThreadPool(maxParallelism, workerThreads()));
    }

    private static ThreadFactory workerThreads() {
      AtomicInteger count = new AtomicInteger();
      return task -> {
        Thread thread = new Thread(task, "strata-solver-" + count.incrementAndGet());
        thread.setDaemon(true);
        return thread;
      };
    }
  }
}
