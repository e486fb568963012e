package dev.strata.build.llb;

import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MountType;
import dev.strata.build.llb.pb.Op;
import java.util.OptionalLong;

/** How many outputs an op produces, for the op types where the op itself says. */
final class OpOutputs {
  private OpOutputs() {}

  static OptionalLong count(Op op) {
    return switch (op.getOpCase()) {
      case SOURCE, MERGE, DIFF -> OptionalLong.of(1);
      // only bind mounts produce outputs; other mount types leave output at its default
      case EXEC -> OptionalLong.of(1 + op.getExec().getMountsList().stream()
          .filter(m -> m.getMountType() == MountType.BIND)
          .mapToLong(Mount::getOutput)
          .max()
          .orElse(-1));
      case FILE -> OptionalLong.of(1 + op.getFile().getActionsList().stream()
          .mapToLong(FileAction::getOutput)
          .max()
          .orElse(-1));
      default -> OptionalLong.empty();
    };
  }
}
