package dev.strata.build.frontend.dockerfile;

import dev.strata.build.frontend.dockerfile.instructions.Instruction;
import dev.strata.build.frontend.dockerfile.instructions.Stage;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.llb.client.State;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One stage while it is converted (BuildKit's dispatchState): its LLB state, image config,
 * environment, working directory, user and step numbering. An image named only by COPY --from or
 * RUN --mount from= is a stage of its own with no instructions ({@code unregistered}).
 */
final class StageState {
  final Stage stage;
  final boolean unregistered;
  String stageName;
  String baseName;
  StageState base;
  final Set<StageState> deps = new LinkedHashSet<>();
  final Map<Instruction, List<StageState>> sources = new IdentityHashMap<>();
  State state;
  DockerImage image;
  OciPlatform platform;
  /** The state's environment in BuildKit's order: a replaced variable moves to the end. */
  final Map<String, String> env = new LinkedHashMap<>();
  String dir = "/";
  String user = "";
  int cmdIndex;
  int cmdTotal;
  boolean cmdSet;
  final Map<String, String> buildArgs = new LinkedHashMap<>();
  final Set<String> contextPaths = new TreeSet<>();

  StageState(Stage stage, boolean unregistered) {
    this.stage = stage;
    this.unregistered = unregistered;
    this.baseName = stage.baseName();
    this.stageName = stage.name();
  }

  void addEnv(String key, String value) {
    env.remove(key);
    env.put(key, value);
  }

  /** {@code [stage n/total] text} as BuildKit names steps; counts the step. */
  String prefix(String text) {
    if (cmdTotal == 0) {
      return text;
    }
    cmdIndex++;
    int width = (int) (1 + Math.log10(cmdTotal));
    String name = stageName.isEmpty() ? "" : stageName + " ";
    return "[" + name + String.format("%" + width + "d", cmdIndex) + "/" + cmdTotal + "] " + text;
  }

  boolean reaches(StageState other) {
    if (this == other || (base != null && base.reaches(other))) {
      return true;
    }
    return deps.stream().anyMatch(dep -> dep.reaches(other));
  }
}
