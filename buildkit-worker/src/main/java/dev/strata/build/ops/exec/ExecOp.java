package dev.strata.build.ops.exec;

import dev.strata.build.exec.ExecSpec;
import dev.strata.build.exec.RuncExecutor;
import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import java.util.List;

/**
 * LLB's exec op: runs a process through runc on its mounts and returns the writable bind mounts
 * that have an output index as committed snapshots, in output order. Each output line goes to the
 * context's log. A failed run ({@link dev.strata.build.exec.ExecFailedException}: exit code and last
 * lines) leaves no snapshot behind.
 */
final class ExecOp implements DefinitionKeyedOp {
  private final Vertex vertex;
  private final RuncExecutor executor;
  private final CacheMounts caches;

  ExecOp(Vertex vertex, RuncExecutor executor, CacheMounts caches) {
    this.vertex = vertex;
    this.executor = executor;
    this.caches = caches;
  }

  @Override
  public String cacheKey(List<String> inputKeys) {
    return ExecCacheKey.of(vertex.op(), inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception {
    dev.strata.build.llb.pb.ExecOp op = vertex.op().getExec();
    String name = vertex.customName().orElse(vertex.digest());
    ExecSpec.Builder spec = ExecSpecMapper.map(op, context.session(), name);
    try (ExecMounts mounts = ExecMounts.prepare(context, caches, op, inputs, name)) {
      mounts.addTo(spec);
      executor.run(spec.build(), context.log());
      return mounts.commitOutputs();
    }
  }
}
