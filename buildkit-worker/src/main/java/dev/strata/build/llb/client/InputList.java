package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.Input;
import java.util.ArrayList;
import java.util.List;

/**
 * The inputs of an op being built: each distinct state once, scratch as -1 (no input), the way
 * BuildKit numbers them.
 */
final class InputList {
  static final long EMPTY = -1;

  private final List<Input> inputs = new ArrayList<>();
  private final List<OpNode> nodes = new ArrayList<>();

  long add(State state) {
    if (state.isScratch()) {
      return EMPTY;
    }
    Input input = state.toInput();
    int existing = inputs.indexOf(input);
    if (existing >= 0) {
      return existing;
    }
    inputs.add(input);
    nodes.add(state.node());
    return inputs.size() - 1;
  }

  /** Adds the state even when an equal one is already there (merge and diff inputs are positional). */
  long append(State state) {
    if (state.isScratch()) {
      return EMPTY;
    }
    inputs.add(state.toInput());
    nodes.add(state.node());
    return inputs.size() - 1;
  }

  int size() {
    return inputs.size();
  }

  List<Input> inputs() {
    return List.copyOf(inputs);
  }

  List<OpNode> nodes() {
    return List.copyOf(nodes);
  }
}
