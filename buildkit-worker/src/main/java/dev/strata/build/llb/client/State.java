package dev.strata.build.llb.client;

import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.pb.Definition;
import dev.strata.build.llb.pb.Input;
import java.util.List;
import java.util.Objects;

/**
 * An immutable filesystem state in an LLB graph: one output of an op, or scratch (empty). Every
 * operation returns a new state; builders passed in are read once, at the call.
 */
public final class State {
  private final OpNode node;
  private final int output;
  private final OciPlatform platform;

  private State(OpNode node, int output, OciPlatform platform) {
    this.node = node;
    this.output = output;
    this.platform = Objects.requireNonNull(platform, "platform");
  }

  static State scratch(OciPlatform platform) {
    return new State(null, 0, platform);
  }

  static State output(OpNode node, int output, OciPlatform platform) {
    return new State(Objects.requireNonNull(node, "node"), output, platform);
  }

  public boolean isScratch() {
    return node == null;
  }

  public OciPlatform platform() {
    return platform;
  }

  /** The same state; ops built on it (exec) run for {@code platform}. */
  public State withPlatform(OciPlatform platform) {
    return new State(node, output, platform);
  }

  /** Runs a command with this state as its root filesystem. */
  public ExecState run(ExecBuilder exec) {
    return exec.build(this);
  }

  /** Applies file actions in order, the first to this state, each next to the previous result. */
  public State file(FileAction... actions) {
    return file(OpOptions.none(), actions);
  }

  public State file(OpOptions options, FileAction... actions) {
    return FileOpMarshaller.apply(this, options, List.of(actions));
  }

  /** The definition whose result is this state: ops after their inputs, the terminal op last. */
  public Definition marshal() {
    return DefinitionMarshaller.marshal(this);
  }

  /** {@link #marshal()}'s bytes, the same for the same graph. */
  public byte[] marshalBytes() {
    return Deterministic.toBytes(marshal());
  }

  OpNode node() {
    return node;
  }

  Input toInput() {
    if (node == null) {
      throw new IllegalStateException("scratch is no op output");
    }
    return Input.newBuilder().setDigest(node.digest()).setIndex(output).build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof State other
        && Objects.equals(digest(), other.digest())
        && output == other.output
        && platform.equals(other.platform);
  }

  @Override
  public int hashCode() {
    return Objects.hash(digest(), output, platform);
  }

  private String digest() {
    return node == null ? null : node.digest();
  }
}
