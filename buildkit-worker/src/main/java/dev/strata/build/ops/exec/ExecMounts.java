package dev.strata.build.ops.exec;

import dev.strata.build.exec.ExecMount;
import dev.strata.build.exec.ExecSpec;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.SecretOpt;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.MountedSnapshot;
import dev.strata.build.ops.OpContext;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.NotImplementedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The snapshots, cache instances and other mounts of one exec, made from its LLB mounts as BuildKit's
 * PrepareMounts makes them: a read-only bind is a view of its input, a writable bind an active snapshot
 * on it (committed as its output if it has an output index, thrown away otherwise), a cache mount an
 * instance of a persistent cache, tmpfs and secrets are handed to the executor. This object owns all of
 * them: {@link #commitOutputs()} commits the outputs, {@link #close()} removes everything else, and on
 * any failure nothing made here survives.
 */
final class ExecMounts implements AutoCloseable {
  private final OpContext context;
  private final String opName;
  private final Deque<AutoCloseable> owned = new ArrayDeque<>();
  private final SortedMap<Long, MountedSnapshot> outputs = new TreeMap<>();
  private final List<ExecMount> mounts = new ArrayList<>();
  private List<Mount> root;
  private boolean readonlyRoot;

  private ExecMounts(OpContext context, String opName) {
    this.context = context;
    this.opName = opName;
  }

  static ExecMounts prepare(
      OpContext context, CacheMounts caches, ExecOp op, List<CommittedSnapshot> inputs, String opName)
      throws IOException, InterruptedException {
    ExecMounts prepared = new ExecMounts(context, opName);
    try {
      for (dev.strata.build.llb.pb.Mount mount : op.getMountsList()) {
        prepared.add(caches, mount, inputs);
      }
      return prepared;
    } catch (IOException | InterruptedException | RuntimeException e) {
      prepared.closeAfter(e);
      throw e;
    }
  }

  /** Sets the spec's root and adds the other mounts. */
  void addTo(ExecSpec.Builder spec) {
    spec.root(root, readonlyRoot);
    mounts.forEach(spec::mount);
  }

  /** Commits the outputs in output order; the caller owns them. On failure, removes those already committed. */
  List<CommittedSnapshot> commitOutputs() throws IOException {
    List<CommittedSnapshot> committed = new ArrayList<>();
    try {
      for (MountedSnapshot output : outputs.values()) {
        committed.add(output.commit());
      }
    } catch (IOException | RuntimeException e) {
      CommittedSnapshot.removeAfter(e, context.snapshotter(), committed);
      throw e;
    }
    return committed;
  }

  private void add(CacheMounts caches, dev.strata.build.llb.pb.Mount mount, List<CommittedSnapshot> inputs)
      throws IOException, InterruptedException {
    String dest = mount.getDest();
    switch (mount.getMountType()) {
      case BIND -> bind(mount, input(mount, inputs));
      case CACHE -> cache(caches, mount, input(mount, inputs));
      case TMPFS -> mounts.add(new ExecMount.Tmpfs(dest, mount.getTmpfsOpt().getSize()));
      case SECRET -> secret(mount);
      case SSH -> throw new NotImplementedException(
          "failed to run exec " + opName + ": ssh mount at " + dest + " is not supported");
      case UNRECOGNIZED -> throw new InvalidArgumentException(
          "failed to run exec " + opName + ": unknown mount type " + mount.getMountTypeValue() + " at " + dest);
    }
  }

  private void bind(dev.strata.build.llb.pb.Mount mount, CommittedSnapshot input) throws IOException {
    boolean writable = !mount.getReadonly();
    MountedSnapshot snapshot =
        writable ? MountedSnapshot.writable(context, input) : MountedSnapshot.readOnly(context, input);
    owned.push(snapshot);
    if (writable && mount.getOutput() >= 0) {
      outputs.put(mount.getOutput(), snapshot);
    }
    List<Mount> bind = bind(snapshot.dir(), writable);
    String selector = selector(mount);
    if (!mount.getDest().equals("/")) {
      mounts.add(new ExecMount.Snapshot(mount.getDest(), bind, !writable, selector));
    } else if (selector.equals("/")) {
      root = bind;
      readonlyRoot = !writable;
    } else {
      throw new NotImplementedException("failed to run exec " + opName + ": a selector on the root mount is not supported");
    }
  }

  private void cache(CacheMounts caches, dev.strata.build.llb.pb.Mount mount, CommittedSnapshot seed)
      throws IOException, InterruptedException {
    String id = mount.getCacheOpt().getID();
    if (id.isEmpty()) {
      throw new InvalidArgumentException("failed to run exec " + opName + ": cache mount at " + mount.getDest() + " has no id");
    }
    if (!selector(mount).equals("/")) {
      throw new NotImplementedException(
          "failed to run exec " + opName + ": a selector on the cache mount at " + mount.getDest() + " is not supported");
    }
    CacheMounts.Lease lease = caches.acquire(context, id, mount.getCacheOpt().getSharing(), seed);
    owned.push(lease);
    if (mount.getReadonly()) {
      mounts.add(new ExecMount.Snapshot(mount.getDest(), bind(lease.directory(), false), true));
    } else {
      mounts.add(new ExecMount.Cache(mount.getDest(), lease.directory()));
    }
  }

  private void secret(dev.strata.build.llb.pb.Mount mount) {
    SecretOpt secret = mount.getSecretOpt();
    Path file = context.session().secrets().get(secret.getID());
    if (file == null) {
      if (secret.getOptional()) {
        return;
      }
      throw new NotFoundException("failed to run exec " + opName + ": secret " + secret.getID() + " for "
          + mount.getDest() + " not found in the session");
    }
    mounts.add(new ExecMount.Secret(mount.getDest(), file, secret.getMode(), secret.getUid(), secret.getGid()));
  }

  private static List<Mount> bind(Path directory, boolean writable) {
    return List.of(Mount.of("bind", directory.toString(), List.of("rbind", writable ? "rw" : "ro")));
  }

  private CommittedSnapshot input(dev.strata.build.llb.pb.Mount mount, List<CommittedSnapshot> inputs) {
    long index = mount.getInput();
    if (index < 0) {
      return CommittedSnapshot.SCRATCH;
    }
    if (index >= inputs.size()) {
      throw new InvalidArgumentException("failed to run exec " + opName + ": mount at " + mount.getDest()
          + " reads input " + index + " of " + inputs.size());
    }
    return inputs.get((int) index);
  }

  private static String selector(dev.strata.build.llb.pb.Mount mount) {
    return absoluteSelector(mount.getSelector());
  }

  /** A selector as the absolute path it names inside its input, as Go's path.Join("/", selector). */
  static String absoluteSelector(String selector) {
    return Path.of("/", selector).normalize().toString();
  }

  private void closeAfter(Exception failure) {
    try {
      close();
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  /** Removes every snapshot not committed and releases the cache instances, last made first. */
  @Override
  public void close() throws IOException {
    IOException failure = null;
    while (!owned.isEmpty()) {
      try {
        owned.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IOException("failed to clean up after exec " + opName + ": " + e.getMessage(), e);
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
