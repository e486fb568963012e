package dev.strata.build.ops.exec;

import dev.strata.build.exec.ExecutorConfig;
import dev.strata.build.exec.RuncExecutor;
import dev.strata.build.ops.OpFactory;
import dev.strata.overlay.Mounter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The exec op's shared machinery for one worker: the runc executor and the persistent cache mounts.
 * Register {@link #factory()} for {@link dev.strata.build.ops.OpKind#EXEC}; every solver that should
 * see the same cache mounts uses the same instance (or one made on the same cache root after a
 * restart, never two at once).
 */
public final class ExecOps {
  private final RuncExecutor executor;
  private final CacheMounts caches;

  /**
   * @param config how runc runs; insecure execs also need {@link ExecutorConfig#allowInsecure()}
   * @param cacheRoot where cache mounts live between builds and across restarts
   */
  public ExecOps(ExecutorConfig config, Path cacheRoot) throws IOException {
    this.executor = RuncExecutor.create(config, new Mounter());
    this.caches = CacheMounts.open(cacheRoot);
  }

  /** Every cache mount instance, with its size. */
  public List<CacheMountRecord> cacheMountUsage() throws IOException {
    return caches.usage();
  }

  /** Removes the cache mount instances that no running exec holds; returns them. */
  public List<CacheMountRecord> pruneCacheMounts() throws IOException {
    return caches.prune();
  }

  public OpFactory factory() {
    return vertex -> new ExecOp(vertex, executor, caches);
  }
}
