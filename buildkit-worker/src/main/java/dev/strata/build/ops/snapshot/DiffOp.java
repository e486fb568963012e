package dev.strata.build.ops.snapshot;

import dev.strata.build.layer.LayerApplier;
import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.MountedSnapshot;
import dev.strata.build.ops.file.CopyFilter;
import dev.strata.build.ops.file.TreeCopier;
import dev.strata.build.ops.file.TreeCopier.CopiedFile;
import dev.strata.build.ops.file.TreeCopier.Overrides;
import dev.strata.build.ops.file.TreeCopier.SameContent;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * an empty snapshot. When lower is in upper's chain of parents, the result is the layers of upper's
 * chain above lower. Otherwise the two trees are compared file by file: a helper snapshot on lower is
 * made to look like upper by a {@linkplain TreeCopier#mirroring mirroring copy}, which writes only what
 * differs, so its layer holds upper's new and changed files and whiteouts for what only lower has, and
 * it stands for upper in the result's labels. The result owns it: pruning the result removes it too
 * ({@link #helperOf}).
 */
public final class DiffOp implements DefinitionKeyedOp {
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
    Optional<List<String>> layers = SnapshotChain.layersAbove(context.snapshotter(), lower, upper);
    if (layers.isPresent()) {
      return List.of(replay(context, layers.get(), SnapshotChain.diffLabels(lower, upper)));
    }
    CommittedSnapshot helper = changesOver(context, lower, upper);
    try {
      return List.of(replay(context, List.of(helper.name()), SnapshotChain.ownedDiffLabels(lower, helper)));
    } catch (Exception e) {
      context.snapshotter().remove(helper.name());
      throw e;
    }
  }

  /**
   * The helper snapshot an unrelated diff's result owns, named in its labels; empty for any other
   * snapshot. Whoever removes {@code snapshot} should remove the helper after it.
   */
  public static Optional<String> helperOf(Snapshotter snapshotter, String snapshot) {
    return SnapshotChain.ownedDiffUpper(snapshotter.stat(snapshot).labels());
  }

  private static CommittedSnapshot replay(OpContext context, List<String> layers, Map<String, String> labels)
      throws IOException {
    try (ActiveSnapshot target = ActiveSnapshot.prepare(context, CommittedSnapshot.SCRATCH);
        LayerReplay replay = LayerReplay.open(context, LayerApplier.withoutDeletionMarkers())) {
      replay.apply(layers, target.directories());
      return target.commit(labels);
    }
  }

  /** A snapshot on {@code lower} whose own layer turns it into {@code upper}. */
  private CommittedSnapshot changesOver(OpContext context, CommittedSnapshot lower, CommittedSnapshot upper)
      throws IOException {
    try (MountedSnapshot source = MountedSnapshot.readOnly(context, upper);
        MountedSnapshot target = MountedSnapshot.writable(context, lower)) {
      try {
        TreeCopier.mirroring(Overrides.NONE, CopyFilter.EVERYTHING, SameContent.BYTES, CopiedFile.IGNORE)
            .mirrorContents(source.dir(), target.dir());
      } catch (IOException | UncheckedIOException e) {
        throw new IOException("failed to diff in " + name + ": failed to compare " + lower.name() + " with "
            + upper.name() + ": " + e.getMessage(), e);
      }
      return target.commit();
    }
  }

  private static CommittedSnapshot side(long input, List<CommittedSnapshot> inputs) {
    return input < 0 ? CommittedSnapshot.SCRATCH : inputs.get((int) input);
  }
}
