package dev.strata.build.llb.client;

import java.util.Map;

/** The result of an exec: its root filesystem and the outputs of its writable bind mounts. */
public final class ExecState {
  private final State root;
  private final Map<String, State> mounts;

  ExecState(State root, Map<String, State> mounts) {
    this.root = root;
    this.mounts = Map.copyOf(mounts);
  }

  public State root() {
    return root;
  }

  /** @throws IllegalArgumentException if no mount at {@code dest} has an output */
  public State mount(String dest) {
    State state = mounts.get(dest);
    if (state == null) {
      throw new IllegalArgumentException("failed to get exec output: no writable bind mount at " + dest);
    }
    return state;
  }
}
