package dev.strata.build.ops.file;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.ChownOpt;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.FileActionCopy;
import dev.strata.build.llb.pb.UserOpt;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.ContentSelector;
import dev.strata.build.ops.InputContentSelecting;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.OpFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * LLB's file op: mkdir, mkfile, rm, copy and symlink actions run by the worker itself on mounted
 * snapshots.
 *
 * <p>The cache key covers the actions (the op's platform and inputs' op digests are left out; the
 * inputs enter through their own keys), so two definitions that differ only in those share results.
 * An input that actions only copy from, or read owner names from, may enter by the content of what
 * they select instead (as BuildKit's file op selectors do); one that an action writes on enters whole.
 */
public final class FileOp implements InputContentSelecting {
  static final String CACHE_TYPE = "strata.file.v0";

  private final dev.strata.build.llb.pb.FileOp op;
  private final int inputCount;
  private final FileDigestCache files;

  private FileOp(dev.strata.build.llb.pb.FileOp op, int inputCount, FileDigestCache files) {
    this.op = op;
    this.inputCount = inputCount;
    this.files = files;
  }

  /** The file op of {@code vertex}, keeping the digests {@code files} remembers of the files it links. */
  public static FileOp of(Vertex vertex, FileDigestCache files) {
    return new FileOp(vertex.op().getFile(), vertex.inputs().size(), files);
  }

  /** The factory for file ops, sharing {@code files} with the content keys of every build it serves. */
  public static OpFactory factory(FileDigestCache files) {
    return vertex -> of(vertex, files);
  }

  @Override
  public Map<Integer, List<ContentSelector>> contentSelectors() {
    Map<Integer, List<ContentSelector>> selectors = new TreeMap<>();
    Set<Integer> writtenOn = new HashSet<>();
    for (FileAction action : op.getActionsList()) {
      writtenOn.add((int) action.getInput());
      ChownOpt owner = FileActionChain.ownerOf(action);
      for (UserOpt user : List.of(owner.getUser(), owner.getGroup())) {
        if (user.hasByName()) {
          select(selectors, (int) user.getByName().getInput(), ContentSelector.file("/etc/passwd"));
          select(selectors, (int) user.getByName().getInput(), ContentSelector.file("/etc/group"));
        }
      }
      if (action.hasCopy()) {
        FileActionCopy copy = action.getCopy();
        select(
            selectors,
            (int) action.getSecondaryInput(),
            new ContentSelector(
                copy.getSrc(),
                copy.getAllowWildcard(),
                copy.getFollowSymlink(),
                copy.getIncludePatternsList(),
                copy.getExcludePatternsList()));
      }
    }
    selectors.keySet().removeAll(writtenOn);
    return selectors;
  }

  private void select(Map<Integer, List<ContentSelector>> selectors, int index, ContentSelector selector) {
    if (index >= 0 && index < inputCount) {
      selectors.computeIfAbsent(index, i -> new ArrayList<>()).add(selector);
    }
  }

  @Override
  public String cacheKey(List<String> inputKeys) {
    return CacheKeys.of(CACHE_TYPE, Deterministic.toBytes(op), inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception {
    try (FileActionChain chain = new FileActionChain(context, inputs, op.getActionsList(), files)) {
      return chain.run();
    }
  }
}
