package dev.strata.build.ops.file;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.pb.ChownOpt;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.UserOpt;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.MountedSnapshot;
import dev.strata.build.ops.OpContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs a file op's actions in order. Indexes follow ops.proto: {@code 0..n-1} are the op's inputs,
 * {@code n+i} is the result of action {@code i}, -1 is scratch. Each action works on a writable
 * snapshot: its input's own mount when no later action or output needs that result any more,
 * otherwise a fresh snapshot (on the committed input, or a copy of an earlier action's tree). Results
 * named as outputs are committed at the end; everything else is unmounted and removed, also on
 * failure.
 */
final class FileActionChain implements AutoCloseable {
  private static final int SCRATCH = -1;

  private final OpContext context;
  private final List<CommittedSnapshot> inputs;
  private final List<FileAction> actions;
  private final Map<Integer, MountedSnapshot> results = new HashMap<>();
  private final Map<Integer, MountedSnapshot> views = new HashMap<>();
  private final Map<Integer, Integer> lastUse = new HashMap<>();
  private final Map<Integer, Integer> outputs = new HashMap<>();
  private final FileDigestCache files;

  FileActionChain(OpContext context, List<CommittedSnapshot> inputs, List<FileAction> actions, FileDigestCache files)
      throws IOException {
    this.context = context;
    this.files = files;
    this.inputs = inputs;
    this.actions = actions;
    for (int i = 0; i < actions.size(); i++) {
      FileAction action = actions.get(i);
      for (int index : references(action)) {
        if (index >= inputs.size() + i) {
          throw new IOException("failed to run file action " + i + ": it refers to index " + index + ", not an earlier one");
        }
        lastUse.put(index, i);
      }
      if (action.getOutput() >= 0 && outputs.put((int) action.getOutput(), inputs.size() + i) != null) {
        throw new IOException("failed to run file op: duplicate output " + action.getOutput());
      }
    }
    for (int output = 0; output < outputs.size(); output++) {
      if (!outputs.containsKey(output)) {
        throw new IOException("failed to run file op: missing output " + output);
      }
    }
  }

  /** Runs every action and commits the outputs, in output order; the caller owns them. */
  List<CommittedSnapshot> run() throws IOException {
    for (int i = 0; i < actions.size(); i++) {
      runAction(i);
    }
    List<CommittedSnapshot> committed = new ArrayList<>();
    try {
      for (int output = 0; output < outputs.size(); output++) {
        committed.add(results.remove(outputs.get(output)).commit());
      }
    } catch (IOException | RuntimeException e) {
      CommittedSnapshot.removeAfter(e, context.snapshotter(), committed);
      throw e;
    }
    return committed;
  }

  private void runAction(int i) throws IOException {
    FileAction action = actions.get(i);
    int self = inputs.size() + i;
    MountedSnapshot target = writableFor((int) action.getInput(), i, action);
    results.put(self, target);
    Path root = target.dir();
    try {
      switch (action.getActionCase()) {
        case MKDIR -> FileActions.mkdir(root, action.getMkdir(), owner(action.getMkdir().getOwner(), action, root));
        case MKFILE -> FileActions.mkfile(root, action.getMkfile(), owner(action.getMkfile().getOwner(), action, root));
        case SYMLINK -> FileActions.symlink(root, action.getSymlink(), owner(action.getSymlink().getOwner(), action, root));
        case RM -> FileActions.rm(root, action.getRm());
        case COPY -> FileActions.copy(
            readable((int) action.getSecondaryInput()),
            root,
            action.getCopy(),
            owner(action.getCopy().getOwner(), action, root),
            linker((int) action.getSecondaryInput(), self, target));
        case ACTION_NOT_SET -> throw new IOException("no action type");
      }
    } catch (IOException | RuntimeException e) {
      throw new IOException("failed to run file action " + i + " (" + describe(action) + "): " + e.getMessage(), e);
    }
  }

  private MountedSnapshot writableFor(int index, int action, FileAction current) throws IOException {
    if (index == SCRATCH) {
      return MountedSnapshot.writable(context, CommittedSnapshot.SCRATCH);
    }
    if (index < inputs.size()) {
      return MountedSnapshot.writable(context, inputs.get(index));
    }
    boolean onlyPrimaryUse = references(current).stream().filter(r -> r == index).count() == 1;
    if (lastUse.get(index) == action && !outputs.containsValue(index) && onlyPrimaryUse) {
      return results.remove(index);
    }
    MountedSnapshot copy = MountedSnapshot.writable(context, CommittedSnapshot.SCRATCH);
    try {
      new TreeCopier(TreeCopier.Overrides.NONE, new CopyFilter(List.of(), List.of()))
          .copyContents(results.get(index).dir(), copy.dir());
      return copy;
    } catch (IOException | RuntimeException e) {
      copy.close();
      throw e;
    }
  }

  private Path readable(int index) throws IOException {
    if (index >= inputs.size()) {
      return results.get(index).dir();
    }
    MountedSnapshot view = views.get(index);
    if (view == null) {
      CommittedSnapshot snapshot = index == SCRATCH ? CommittedSnapshot.SCRATCH : inputs.get(index);
      view = MountedSnapshot.readOnly(context, snapshot);
      views.put(index, view);
    }
    return view.dir();
  }

  /**
   * A linker from a committed input into {@code target}, the result of action {@code self}, when that
   * result is only committed afterwards: no later action uses it.
   */
  private Optional<LayerLinker> linker(int source, int self, MountedSnapshot target) {
    boolean usedLater = actions.stream().anyMatch(a -> references(a).contains(self));
    if (source == SCRATCH || source >= inputs.size() || usedLater) {
      return Optional.empty();
    }
    try {
      return Optional.of(LayerLinker.between(views.get(source), target, files));
    } catch (IllegalArgumentException e) {
      // mounts other than one bind or overlay: no layer directories to link between
      return Optional.empty();
    }
  }

  private Optional<FileOwner> owner(ChownOpt owner, FileAction action, Path target) throws IOException {
    int index = namedInput(owner);
    Path rootfs = index == SCRATCH || index == action.getInput() ? target : readable(index);
    return OwnerResolver.resolve(owner, rootfs);
  }

  /** The index whose /etc/passwd and /etc/group name the owner, or -1 when no name is used. */
  private static int namedInput(ChownOpt owner) {
    for (UserOpt user : List.of(owner.getUser(), owner.getGroup())) {
      if (user.hasByName()) {
        return (int) user.getByName().getInput();
      }
    }
    return SCRATCH;
  }

  private static List<Integer> references(FileAction action) {
    List<Integer> references = new ArrayList<>();
    references.add((int) action.getInput());
    if (action.hasCopy()) {
      references.add((int) action.getSecondaryInput());
    }
    ChownOpt owner = ownerOf(action);
    Set<Integer> named = new LinkedHashSet<>();
    for (UserOpt user : List.of(owner.getUser(), owner.getGroup())) {
      if (user.hasByName() && user.getByName().getInput() != action.getInput()) {
        named.add((int) user.getByName().getInput());
      }
    }
    references.addAll(named);
    references.removeIf(index -> index == SCRATCH);
    return references;
  }

  /** The owner an action sets, the default (none) for actions that set none. */
  static ChownOpt ownerOf(FileAction action) {
    return switch (action.getActionCase()) {
      case MKDIR -> action.getMkdir().getOwner();
      case MKFILE -> action.getMkfile().getOwner();
      case SYMLINK -> action.getSymlink().getOwner();
      case COPY -> action.getCopy().getOwner();
      default -> ChownOpt.getDefaultInstance();
    };
  }

  private static String describe(FileAction action) {
    return switch (action.getActionCase()) {
      case MKDIR -> "mkdir " + action.getMkdir().getPath();
      case MKFILE -> "mkfile " + action.getMkfile().getPath();
      case SYMLINK -> "symlink " + action.getSymlink().getOldpath() + " " + action.getSymlink().getNewpath();
      case RM -> "rm " + action.getRm().getPath();
      case COPY -> "copy " + action.getCopy().getSrc() + " " + action.getCopy().getDest();
      case ACTION_NOT_SET -> "no action";
    };
  }

  /** Unmounts and removes every snapshot not committed as an output. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    List<MountedSnapshot> open = new ArrayList<>(results.values());
    open.addAll(views.values());
    results.clear();
    views.clear();
    for (MountedSnapshot snapshot : open) {
      try {
        snapshot.close();
      } catch (IOException | RuntimeException e) {
        if (failure == null) {
          failure = new IOException("failed to release file op snapshots: " + e.getMessage(), e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
