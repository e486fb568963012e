package dev.strata.build.ops.snapshot;

import dev.strata.build.layer.LayerApplier;
import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.Op;
import dev.strata.build.ops.OpContext;
import java.util.List;

/**
 * LLB's diff op: the changes that turn {@code lower} into {@code upper}, as a snapshot on scratch, so
 * that merging it onto {@code lower} gives {@code upper}. Mounted alone it shows the added and changed
 * files only. Its deletions are not marked in it (a whiteout with nothing below would show as a device
 * file); instead it is labelled with its two sides, and a merge replays upper's layers above lower in
 * its place, as BuildKit's lazy diff refs do, so the deletions count there. Should a side be removed
 * meanwhile, a merge takes the diff's own files, without its deletions; an export of the diff holds no
 * whiteouts.
 *
 * <p>As in BuildKit: a scratch lower gives all of upper; a scratch upper gives scratch; equal sides give
 * an empty snapshot. Otherwise the result is the layers of upper's chain above lower; a lower that is
 * not in upper's chain of parents is refused ({@link UnrelatedDiffException}): comparing two unrelated
 * trees file by file is not done yet.
 */
public final class DiffOp implements Op {
  static final String CACHE_TYPE = "strata.diff.v0";

  private final dev.strata.build.llb.pb.DiffOp op;
  private final String name;

  private DiffOp(dev.strata.build.llb.pb.DiffOp op, String name) {
    this.op = op;
    this.name = name;
  }

  /** The {@link dev.strata.build.ops.OpFactory} for diff ops. */
  public static DiffOp of(Vertex vertex) {
    return new DiffOp(vertex.op().getDiff(), vertex.customName().orElse(vertex.digest()));
  }

  @Override
  public String cacheKey(List<String> inputKeys) {
    return CacheKeys.of(CACHE_TYPE, Deterministic.toBytes(op), inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception {
    CommittedSnapshot lower = side(op.getLower().getInput(), inputs);
    CommittedSnapshot upper = side(op.getUpper().getInput(), inputs);
    if (upper.isScratch()) {
      return List.of(CommittedSnapshot.SCRATCH);
    }
    List<String> changes =
        SnapshotChain.layersAbove(context.snapshotter(), lower, upper)
            .orElseThrow(() -> new UnrelatedDiffException(name, lower.name(), upper.name()));
    try (ActiveSnapshot target = ActiveSnapshot.prepare(context, CommittedSnapshot.SCRATCH);
        LayerReplay replay = LayerReplay.open(context, LayerApplier.withoutDeletionMarkers())) {
      replay.apply(changes, target.directories());
      return List.of(target.commit(SnapshotChain.diffLabels(lower, upper)));
    }
  }

  private static CommittedSnapshot side(long input, List<CommittedSnapshot> inputs) {
    return input < 0 ? CommittedSnapshot.SCRATCH : inputs.get((int) input);
  }
}
