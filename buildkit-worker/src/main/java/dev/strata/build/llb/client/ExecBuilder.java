package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.CacheOpt;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.Meta;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MountType;
import dev.strata.build.llb.pb.NetMode;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.SecretOpt;
import dev.strata.build.llb.pb.SecurityMode;
import dev.strata.build.llb.pb.TmpfsOpt;
import dev.strata.build.llb.pb.WorkerConstraints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A command to run on a state ({@link State#run}). The worker sets a default PATH when env has
 * none (the exec.meta.setsdefaultpath capability), so none is added here. Mounts are ordered by
 * destination, secrets last, and writable bind mounts numbered as outputs in that order, as
 * BuildKit does.
 */
public final class ExecBuilder {
  private final List<String> args;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<ExecMount> mounts = new ArrayList<>();
  private String cwd = "/";
  private String user = "";
  private NetMode network = NetMode.UNSET;
  private SecurityMode security = SecurityMode.SANDBOX;
  private OpOptions options = OpOptions.none();

  private ExecBuilder(List<String> args) {
    if (args.isEmpty()) {
      throw new IllegalArgumentException("failed to build exec: no args");
    }
    this.args = List.copyOf(args);
  }

  public static ExecBuilder args(String... args) {
    return new ExecBuilder(List.of(args));
  }

  /** {@code /bin/sh -c command}. */
  public static ExecBuilder shell(String command) {
    return args("/bin/sh", "-c", command);
  }

  /** Sets a variable; setting one again keeps its first position. */
  public ExecBuilder env(String key, String value) {
    env.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public ExecBuilder cwd(String cwd) {
    this.cwd = Objects.requireNonNull(cwd, "cwd");
    return this;
  }

  public ExecBuilder user(String user) {
    this.user = Objects.requireNonNull(user, "user");
    return this;
  }

  public ExecBuilder network(NetMode network) {
    this.network = Objects.requireNonNull(network, "network");
    return this;
  }

  public ExecBuilder security(SecurityMode security) {
    this.security = Objects.requireNonNull(security, "security");
    return this;
  }

  public ExecBuilder mount(ExecMount mount) {
    mounts.add(Objects.requireNonNull(mount, "mount"));
    return this;
  }

  public ExecBuilder options(OpOptions options) {
    this.options = Objects.requireNonNull(options, "options");
    return this;
  }

  ExecState build(State root) {
    List<ExecMount> ordered = new ArrayList<>();
    ordered.add(ExecMount.bind("/", root));
    mounts.stream().filter(m -> m.type != MountType.SECRET).forEach(ordered::add);
    ordered.sort(Comparator.comparing(m -> m.dest));
    mounts.stream().filter(m -> m.type == MountType.SECRET).forEach(ordered::add);

    TreeSet<String> caps = new TreeSet<>(List.of(Caps.EXEC_META_BASE, Caps.EXEC_META_SETS_DEFAULT_PATH));
    InputList inputs = new InputList();
    ExecOp.Builder exec = ExecOp.newBuilder().setMeta(meta()).setNetwork(network).setSecurity(security);
    Map<String, Integer> outputs = new HashMap<>();
    for (ExecMount mount : ordered) {
      Mount.Builder pb = Mount.newBuilder().setDest(mount.dest).setMountType(mount.type);
      if (mount.type == MountType.SECRET) {
        pb.setInput(InputList.EMPTY).setSecretOpt(SecretOpt.newBuilder().setID(mount.id)
            .setUid(mount.uid).setGid(mount.gid).setMode(mount.mode).setOptional(mount.optional));
        caps.add(Caps.EXEC_MOUNT_SECRET);
      } else {
        pb.setInput(inputs.add(mount.source)).setReadonly(mount.readonly).setSelector(mount.selector);
        pb.setOutput(outputIndex(mount, outputs));
        addMountOptions(mount, pb, caps);
      }
      exec.addMounts(pb);
    }
    if (network != NetMode.UNSET) {
      caps.add(Caps.EXEC_META_NETWORK);
    }
    if (security == SecurityMode.INSECURE) {
      caps.add(Caps.EXEC_META_SECURITY);
    }
    Op op = Op.newBuilder().addAllInputs(inputs.inputs()).setExec(exec)
        .setPlatform(root.platform().toProto())
        .setConstraints(WorkerConstraints.getDefaultInstance())
        .build();
    OpNode node = OpNode.of(op, options.toProto(caps), inputs.nodes());
    Map<String, State> states = new HashMap<>();
    outputs.forEach((dest, index) -> states.put(dest, State.output(node, index, root.platform())));
    return new ExecState(states.get("/"), states);
  }

  private Meta meta() {
    Meta.Builder meta = Meta.newBuilder().addAllArgs(args).setCwd(cwd).setUser(user).setRemoveMountStubsRecursive(true);
    env.forEach((key, value) -> meta.addEnv(key + "=" + value));
    return meta.build();
  }

  private static long outputIndex(ExecMount mount, Map<String, Integer> outputs) {
    if (mount.type != MountType.BIND || mount.readonly || mount.noOutput) {
      return -1;
    }
    int index = outputs.size();
    outputs.put(mount.dest, index);
    return index;
  }

  private static void addMountOptions(ExecMount mount, Mount.Builder pb, TreeSet<String> caps) {
    if (!mount.selector.isEmpty()) {
      caps.add(Caps.EXEC_MOUNT_SELECTOR);
    }
    switch (mount.type) {
      case CACHE -> {
        pb.setCacheOpt(CacheOpt.newBuilder().setID(mount.id).setSharing(mount.sharing));
        caps.add(Caps.EXEC_MOUNT_CACHE);
        caps.add(Caps.EXEC_MOUNT_CACHE_SHARING);
      }
      case TMPFS -> {
        pb.setTmpfsOpt(TmpfsOpt.newBuilder().setSize(mount.tmpfsSize));
        caps.add(Caps.EXEC_MOUNT_TMPFS);
        if (mount.tmpfsSize > 0) {
          caps.add(Caps.EXEC_MOUNT_TMPFS_SIZE);
        }
      }
      default -> {
        if (!mount.source.isScratch()) {
          caps.add(Caps.EXEC_MOUNT_BIND);
        }
      }
    }
  }
}
