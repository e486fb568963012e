package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.FileOp;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.WorkerConstraints;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Turns a chain of file actions into one FileOp, numbered as BuildKit does: real inputs first
 * (the target state, then each copy source), an action's result referred to as (number of
 * inputs + action index), and only the last action producing output 0. The op carries the
 * target's platform, as BuildKit v0.11 writes file ops (later versions leave it out).
 */
final class FileOpMarshaller {
  private static final long NO_OUTPUT = -1;

  private FileOpMarshaller() {}

  static State apply(State target, OpOptions options, List<FileAction> actions) {
    if (actions.isEmpty()) {
      throw new IllegalArgumentException("failed to build file op: no actions");
    }
    InputList inputs = new InputList();
    long firstTarget = inputs.add(target);
    List<Long> secondaries = new ArrayList<>();
    TreeSet<String> caps = new TreeSet<>(List.of(Caps.FILE_BASE));
    for (FileAction action : actions) {
      secondaries.add(action.secondary().map(inputs::add).orElse(InputList.EMPTY));
      caps.addAll(action.caps());
    }
    FileOp.Builder file = FileOp.newBuilder();
    for (int i = 0; i < actions.size(); i++) {
      long actionTarget = i == 0 ? firstTarget : inputs.size() + i - 1L;
      dev.strata.build.llb.pb.FileAction.Builder action = dev.strata.build.llb.pb.FileAction.newBuilder()
          .setInput(actionTarget)
          .setSecondaryInput(secondaries.get(i))
          .setOutput(i == actions.size() - 1 ? 0 : NO_OUTPUT);
      actions.get(i).writeTo(action, actionTarget);
      file.addActions(action);
    }
    Op op = Op.newBuilder().addAllInputs(inputs.inputs()).setFile(file)
        .setPlatform(target.platform().toProto())
        .setConstraints(WorkerConstraints.getDefaultInstance()).build();
    return State.output(OpNode.of(op, options.toProto(caps), inputs.nodes()), 0, target.platform());
  }
}
