package dev.strata.build.frontend.dockerfile.instructions;

import java.util.List;
import java.util.Objects;

/**
 * A FROM and the instructions up to the next one. {@code name} is lower case, empty without
 * {@code AS}; {@code baseName} and {@code platform} are as written (ARGs not yet expanded).
 */
public record Stage(String name, String baseName, String platform, Instruction.Source source,
                    List<Instruction> instructions) {
  public Stage {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(baseName, "baseName");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(source, "source");
    instructions = List.copyOf(instructions);
  }
}
