package dev.strata.build.ops.file;

import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.Op;
import dev.strata.build.ops.OpContext;
import java.util.List;

/**
 * LLB's file op: mkdir, mkfile, rm, copy and symlink actions run by the worker itself on mounted
 * snapshots.
 *
 * <p>The cache key covers the actions (the op's platform and inputs' op digests are left out; the
 * inputs enter through their own keys), so two definitions that differ only in those share results.
 */
public final class FileOp implements Op {
  static final String CACHE_TYPE = "strata.file.v0";

  private final dev.strata.build.llb.pb.FileOp op;

  private FileOp(dev.strata.build.llb.pb.FileOp op) {
    this.op = op;
  }

  /** The {@link dev.strata.build.ops.OpFactory} for file ops. */
  public static FileOp of(Vertex vertex) {
    return new FileOp(vertex.op().getFile());
  }

  @Override
  public String cacheKey(List<String> inputKeys) {
    return CacheKeys.of(CACHE_TYPE, Deterministic.toBytes(op), inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception {
    try (FileActionChain chain = new FileActionChain(context, inputs, op.getActionsList())) {
      return chain.run();
    }
  }
}
