package dev.strata.build.llb;

import dev.strata.build.llb.InvalidDefinitionException.Problem;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MergeInput;
import dev.strata.build.llb.pb.Op;

/**
 * Checks one op on its own: it has a type this worker executes, and every index it uses to refer
 * to its inputs (mounts, file actions, merge and diff sides) is in range.
 */
final class OpBodyCheck {
  private static final long EMPTY = -1;

  private OpBodyCheck() {}

  static void check(OpRef ref, Op op, boolean terminal) {
    long inputs = op.getInputsCount();
    switch (op.getOpCase()) {
      case OP_NOT_SET -> {
        if (!terminal) {
          throw new InvalidDefinitionException(Problem.NO_OP_TYPE, ref, "op has no type");
        }
      }
      case BUILD, PASSTHROUGH -> throw new InvalidDefinitionException(
          Problem.UNSUPPORTED_OP, ref, op.getOpCase().name().toLowerCase() + " ops are unsupported");
      case EXEC -> {
        for (Mount mount : op.getExec().getMountsList()) {
          requireInput(ref, "mount " + mount.getDest(), mount.getInput(), inputs, true);
        }
      }
      case FILE -> {
        int i = 0;
        for (FileAction action : op.getFile().getActionsList()) {
          // an action may also name the result of an earlier action of the same op
          requireInput(ref, "file action " + i, action.getInput(), inputs + i, true);
          requireInput(ref, "file action " + i, action.getSecondaryInput(), inputs + i, true);
          i++;
        }
      }
      case MERGE -> {
        for (MergeInput input : op.getMerge().getInputsList()) {
          requireInput(ref, "merge", input.getInput(), inputs, false);
        }
      }
      case DIFF -> {
        requireInput(ref, "diff lower", op.getDiff().getLower().getInput(), inputs, true);
        requireInput(ref, "diff upper", op.getDiff().getUpper().getInput(), inputs, true);
      }
      case SOURCE -> { }
    }
  }

  private static void requireInput(OpRef ref, String user, long index, long limit, boolean emptyAllowed) {
    if ((index == EMPTY && emptyAllowed) || (index >= 0 && index < limit)) {
      return;
    }
    throw new InvalidDefinitionException(Problem.INPUT_OUT_OF_RANGE, ref,
        user + " refers to input " + index + " of " + limit);
  }
}
