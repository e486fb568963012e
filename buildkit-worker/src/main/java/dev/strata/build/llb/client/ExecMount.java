package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.llb.pb.MountType;
import java.util.Objects;

/**
 * A filesystem mounted into an exec besides its root: a bind of a state, a cache directory, a
 * tmpfs or a secret file. Options change this builder; {@link State#run} reads it once.
 */
public final class ExecMount {
  final MountType type;
  final String dest;
  final State source;
  boolean readonly;
  boolean noOutput;
  String selector = "";
  String id = "";
  CacheSharingOpt sharing = CacheSharingOpt.SHARED;
  long tmpfsSize;
  int uid;
  int gid;
  int mode = 0400;
  boolean optional;

  private ExecMount(MountType type, String dest, State source) {
    this.type = type;
    this.dest = Objects.requireNonNull(dest, "dest");
    this.source = source;
  }

  /** {@code source} mounted at {@code dest}; unless read-only or noOutput, the exec's result there is an output. */
  public static ExecMount bind(String dest, State source) {
    return new ExecMount(MountType.BIND, dest, Objects.requireNonNull(source, "source"));
  }

  /** A persistent cache directory shared between builds by {@code id}. */
  public static ExecMount cache(String dest, String id, CacheSharingOpt sharing) {
    return cache(dest, id, sharing, Llb.scratch());
  }

  /** A cache directory that starts as a copy of {@code base} the first time {@code id} is used. */
  public static ExecMount cache(String dest, String id, CacheSharingOpt sharing, State base) {
    ExecMount mount = new ExecMount(MountType.CACHE, dest, Objects.requireNonNull(base, "base"));
    mount.id = Objects.requireNonNull(id, "id");
    mount.sharing = Objects.requireNonNull(sharing, "sharing");
    return mount;
  }

  /** An empty tmpfs; {@code sizeBytes} 0 leaves the size to the worker. */
  public static ExecMount tmpfs(String dest, long sizeBytes) {
    ExecMount mount = new ExecMount(MountType.TMPFS, dest, Llb.scratch());
    mount.tmpfsSize = sizeBytes;
    return mount;
  }

  /** The secret {@code id} as a file at {@code dest}, owned by 0:0 with mode 0400 unless changed. */
  public static ExecMount secret(String dest, String id) {
    ExecMount mount = new ExecMount(MountType.SECRET, dest, null);
    mount.id = Objects.requireNonNull(id, "id");
    return mount;
  }

  public ExecMount readonly() {
    this.readonly = true;
    return this;
  }

  /** Writable during the exec, but its result is discarded. */
  public ExecMount noOutput() {
    this.noOutput = true;
    return this;
  }

  /** Mounts only this path of the source. */
  public ExecMount selector(String path) {
    this.selector = Objects.requireNonNull(path, "path");
    return this;
  }

  public ExecMount secretOwner(int uid, int gid, int mode) {
    this.uid = uid;
    this.gid = gid;
    this.mode = mode;
    return this;
  }

  /** A missing secret is no error. */
  public ExecMount optional() {
    this.optional = true;
    return this;
  }
}
