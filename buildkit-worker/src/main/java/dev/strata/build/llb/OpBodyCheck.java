package dev.strata.build.llb;

import dev.strata.build.llb.InvalidDefinitionException.Problem;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MergeInput;
import dev.strata.build.llb.pb.Op;
import java.util.Locale;

/**
 * Checks one op on its own: it has a type this worker executes, it has what that type needs (as
 * BuildKit's opsutils.Validate), and every index it uses to refer to its inputs (mounts, file
 * actions, merge and diff sides) is in range.
 */
final class OpBodyCheck {
  private static final long EMPTY = -1;
  private static final String ROOT = "/";

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
          Problem.UNSUPPORTED_OP, ref, op.getOpCase().name().toLowerCase(Locale.ROOT) + " ops are unsupported");
      case EXEC -> {
        require(ref, op.getExec().getMeta().getArgsCount() > 0, "exec has no args");
        require(ref, op.getExec().getMountsList().stream().anyMatch(m -> m.getDest().equals(ROOT)),
            "exec has no root mount");
        for (Mount mount : op.getExec().getMountsList()) {
          requireInput(ref, "mount " + mount.getDest(), mount.getInput(), inputs, true);
        }
      }
      case FILE -> {
        require(ref, op.getFile().getActionsCount() > 0, "file op has no actions");
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
        require(ref, op.getDiff().hasLower() && op.getDiff().hasUpper(), "diff lacks its lower or upper side");
        requireInput(ref, "diff lower", op.getDiff().getLower().getInput(), inputs, true);
        requireInput(ref, "diff upper", op.getDiff().getUpper().getInput(), inputs, true);
      }
      case SOURCE -> { }
    }
  }

  private static void require(OpRef ref, boolean condition, String cause) {
    if (!condition) {
      throw new InvalidDefinitionException(Problem.INCOMPLETE_OP, ref, cause);
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
