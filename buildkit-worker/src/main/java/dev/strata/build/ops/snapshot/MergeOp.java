package dev.strata.build.ops.snapshot;

import dev.strata.build.layer.LayerApplier;
import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.MergeInput;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import java.util.ArrayList;
import java.util.List;

/**
 * LLB's merge op, as BuildKit defines it: the result looks as if every layer of every input (its own
 * and its parents', bottom first) were applied in input order, so later inputs win and their
 * deletions delete. The first input is the result's parent, unchanged; the others' layers are
 * replayed onto one new snapshot on top of it. A diff result among them counts as the layers it was
 * made of (see {@link DiffOp}), so that its deletions delete. Scratch inputs add nothing; all scratch
 * gives scratch.
 */
public final class MergeOp implements DefinitionKeyedOp {
  static final String CACHE_TYPE = "strata.merge.v0";

  private final dev.strata.build.llb.pb.MergeOp op;

  private MergeOp(dev.strata.build.llb.pb.MergeOp op) {
    this.op = op;
  }

  /** The {@link dev.strata.build.ops.OpFactory} for merge ops. */
  public static MergeOp of(Vertex vertex) {
    return new MergeOp(vertex.op().getMerge());
  }

  @Override
  public String cacheKey(List<String> inputKeys) {
    return CacheKeys.of(CACHE_TYPE, Deterministic.toBytes(op), inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception {
    List<CommittedSnapshot> layers = new ArrayList<>();
    for (MergeInput input : op.getInputsList()) {
      CommittedSnapshot snapshot = input.getInput() < 0 ? CommittedSnapshot.SCRATCH : inputs.get((int) input.getInput());
      if (!snapshot.isScratch()) {
        layers.add(snapshot);
      }
    }
    if (layers.isEmpty()) {
      return List.of(CommittedSnapshot.SCRATCH);
    }
    try (ActiveSnapshot target = ActiveSnapshot.prepare(context, layers.get(0));
        LayerReplay replay = LayerReplay.open(context, new LayerApplier())) {
      for (CommittedSnapshot layer : layers.subList(1, layers.size())) {
        replay.apply(SnapshotChain.layers(context.snapshotter(), layer), target.directories());
      }
      return List.of(target.commit());
    }
  }
}
