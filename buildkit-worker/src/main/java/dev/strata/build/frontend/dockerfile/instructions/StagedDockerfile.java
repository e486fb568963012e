package dev.strata.build.frontend.dockerfile.instructions;

import java.util.List;

/** The ARGs before the first FROM (global build arguments) and the stages, in order. */
public record StagedDockerfile(List<Instruction.Arg> globalArgs, List<Stage> stages) {
  public StagedDockerfile {
    globalArgs = List.copyOf(globalArgs);
    stages = List.copyOf(stages);
  }
}
