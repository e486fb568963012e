package dev.strata.build.frontend.dockerfile;

import dev.strata.build.frontend.dockerfile.instructions.Instruction;
import dev.strata.build.frontend.dockerfile.instructions.InstructionParser;
import dev.strata.build.frontend.dockerfile.instructions.RunMount;
import dev.strata.build.frontend.dockerfile.instructions.Stage;
import dev.strata.build.frontend.dockerfile.instructions.StagedDockerfile;
import dev.strata.build.frontend.dockerfile.parser.DockerfileParser;
import dev.strata.build.frontend.dockerfile.parser.ParsedDockerfile;
import dev.strata.build.frontend.dockerfile.parser.ShellLexer;
import dev.strata.build.image.ImageReference;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.State;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** One conversion of a staged Dockerfile against a given build context state. */
final class ConversionPass {
  private static final OciPlatform BUILD_PLATFORM = OciPlatform.LINUX_AMD64;

  private final ConvertRequest request;
  private final StagedDockerfile staged;
  private final CachingResolver resolver;
  private final State buildContext;
  private final ShellLexer shlex;
  private final OciPlatform targetPlatform;
  private final Map<String, String> metaArgs = new LinkedHashMap<>();
  private final List<StageState> states = new ArrayList<>();
  private final Map<String, StageState> byName = new HashMap<>();
  private final Set<String> contextPaths = new TreeSet<>();

  ConversionPass(ConvertRequest request, char escape, StagedDockerfile staged, CachingResolver resolver,
      State buildContext) {
    this.request = request;
    this.staged = staged;
    this.resolver = resolver;
    this.buildContext = buildContext;
    this.shlex = ShellLexer.of(escape);
    this.targetPlatform = request.platform().orElse(BUILD_PLATFORM);
  }

  OciPlatform targetPlatform() {
    return targetPlatform;
  }

  /** The context paths the stages read, as BuildKit's follow paths; empty when the whole context is needed. */
  List<String> contextFollowPaths() {
    if (contextPaths.contains("/")) {
      return List.of();
    }
    return contextPaths.stream().map(path -> UnixPaths.join(".", path)).sorted().toList();
  }

  private DockerfileException error(Instruction.Source source, String cause) {
    return DockerfileException.at("convert", request.fileName(), source.startLine(), 1, cause);
  }

  Conversion run() throws IOException {
    platformArgs();
    globalArgs();
    for (int i = 0; i < staged.stages().size(); i++) {
      addStage(staged.stages().get(i), i);
    }
    StageState target = target();
    for (StageState d : List.copyOf(states)) {
      findSources(d);
    }
    checkCycles();
    if (states.size() == 1) {
      states.get(0).stageName = "";
    }
    for (StageState d : states) {
      if (d.base == null) {
        resolveBase(d, target.reaches(d));
      }
    }
    InstructionDispatcher dispatcher = new InstructionDispatcher(shlex, metaArgs, request.buildArgs(), buildContext);
    for (StageState d : states) {
      if (target.reaches(d)) {
        dispatchStage(d, dispatcher);
        contextPaths.addAll(d.contextPaths);
      }
    }
    if (!request.labels().isEmpty()) {
      if (target.image.config.labels == null) {
        target.image.config.labels = new TreeMap<>();
      }
      target.image.config.labels.putAll(request.labels());
    }
    request.platform().ifPresent(p -> {
      target.image.os = p.os();
      target.image.architecture = p.architecture();
      target.image.variant = p.variant().isEmpty() ? null : p.variant();
    });
    return new Conversion(target.state.marshalBytes(), target.image.toJson());
  }

  private void platformArgs() {
    Map<String, String> args = new LinkedHashMap<>();
    args.put("BUILDPLATFORM", format(BUILD_PLATFORM));
    args.put("BUILDOS", BUILD_PLATFORM.os());
    args.put("BUILDARCH", BUILD_PLATFORM.architecture());
    args.put("BUILDVARIANT", BUILD_PLATFORM.variant());
    args.put("TARGETPLATFORM", format(targetPlatform));
    args.put("TARGETOS", targetPlatform.os());
    args.put("TARGETARCH", targetPlatform.architecture());
    args.put("TARGETVARIANT", targetPlatform.variant());
    args.forEach((key, value) -> metaArgs.put(key, request.buildArgs().getOrDefault(key, value)));
  }

  private static String format(OciPlatform platform) {
    return platform.os() + "/" + platform.architecture() + (platform.variant().isEmpty() ? "" : "/" + platform.variant());
  }

  private void globalArgs() {
    for (Instruction.Arg arg : staged.globalArgs()) {
      for (Instruction.KeyValue pair : arg.args()) {
        String value = request.buildArgs().get(pair.key());
        if (value == null && pair.value() != null) {
          try {
            value = shlex.processWord(pair.value(), metaArgs);
          } catch (IllegalArgumentException e) {
            throw error(arg.source(), e.getMessage());
          }
        }
        metaArgs.put(pair.key(), value);
      }
    }
  }

  private Map<String, String> definedMetaArgs() {
    Map<String, String> defined = new HashMap<>();
    metaArgs.forEach((key, value) -> defined.put(key, value == null ? "" : value));
    return defined;
  }

  private void addStage(Stage stage, int index) {
    StageState d = new StageState(stage, false);
    try {
      d.baseName = shlex.processWord(stage.baseName(), definedMetaArgs());
      if (!stage.platform().isEmpty()) {
        d.platform = parsePlatform(shlex.processWord(stage.platform(), definedMetaArgs()));
      }
    } catch (IllegalArgumentException e) {
      throw error(stage.source(), e.getMessage());
    }
    if (d.baseName.isEmpty()) {
      throw error(stage.source(), "base name (" + stage.baseName() + ") should not be blank");
    }
    if (stage.name().isEmpty()) {
      d.stageName = "stage-" + index;
    }
    register(d);
    int total = d.baseName.equals("scratch") || d.base != null ? 0 : 1;
    for (Instruction instruction : stage.instructions()) {
      if (isNumberedStep(instruction)) {
        total++;
      }
    }
    d.cmdTotal = total;
  }

  /** True for the instructions progress numbers as "[stage i/total]". */
  private static boolean isNumberedStep(Instruction instruction) {
    return instruction instanceof Instruction.Run || instruction instanceof Instruction.Copy
        || instruction instanceof Instruction.Workdir;
  }

  private void register(StageState d) {
    states.add(d);
    StageState base = byName.get(d.baseName.toLowerCase(Locale.ROOT));
    if (base != null) {
      d.base = base;
    }
    if (!d.stage.name().isEmpty()) {
      byName.put(d.stage.name(), d);
    }
  }

  private static OciPlatform parsePlatform(String text) {
    String[] parts = text.toLowerCase(Locale.ROOT).split("/");
    if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new IllegalArgumentException("failed to parse platform " + text + ": expected os/arch[/variant]");
    }
    return new OciPlatform(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
  }

  private StageState target() {
    if (request.target().isEmpty()) {
      return states.get(states.size() - 1);
    }
    StageState target = byName.get(request.target().toLowerCase(Locale.ROOT));
    if (target == null) {
      throw DockerfileException.of("convert", request.fileName(),
          "target stage " + request.target() + " could not be found");
    }
    return target;
  }

  private void findSources(StageState d) {
    for (Instruction instruction : d.stage.instructions()) {
      List<StageState> sources = new ArrayList<>();
      if (instruction instanceof Instruction.Copy copy && !copy.from().isEmpty()) {
        sources.add(stageOrImage(copy.from(), copy.source(), true));
      } else if (instruction instanceof Instruction.Run run) {
        for (String mount : run.mounts()) {
          String from = RunMount.rawFrom(mount);
          sources.add(stageOrImage(from.isEmpty() ? "scratch" : from, run.source(), false));
        }
      }
      if (!sources.isEmpty()) {
        d.sources.put(instruction, sources);
        d.deps.addAll(sources);
      }
    }
  }

  private StageState stageOrImage(String from, Instruction.Source at, boolean byIndex) {
    if (byIndex && from.matches("-?\\d+")) {
      int index = Integer.parseInt(from);
      if (index < 0 || index >= states.size()) {
        throw error(at, "invalid stage index " + index);
      }
      return states.get(index);
    }
    StageState named = byName.get(from.toLowerCase(Locale.ROOT));
    if (named != null) {
      return named;
    }
    StageState image = new StageState(new Stage("", from, "", new Instruction.Source("", at.startLine(), at.endLine()),
        List.of()), true);
    register(image);
    return image;
  }

  private void checkCycles() {
    Set<StageState> visited = new HashSet<>();
    for (StageState d : states) {
      StageState cycle = cycleFrom(d, visited, new HashSet<>());
      if (cycle != null) {
        throw error(cycle.stage.source(), "circular dependency detected on stage: " + cycle.stageName);
      }
    }
  }

  private static StageState cycleFrom(StageState d, Set<StageState> visited, Set<StageState> path) {
    if (!visited.add(d)) {
      return null;
    }
    path.add(d);
    for (StageState dep : d.deps) {
      if (path.contains(dep) || cycleFrom(dep, visited, path) != null) {
        return d;
      }
    }
    path.remove(d);
    return null;
  }

  private void resolveBase(StageState d, boolean reachable) throws IOException {
    OciPlatform platform = d.platform != null ? d.platform : targetPlatform;
    if (d.baseName.equals("scratch")) {
      d.state = Llb.scratch().withPlatform(platform);
      d.image = DockerImage.empty(platform.os(), platform.architecture(), platform.variant());
      d.platform = platform;
      return;
    }
    if (!reachable) {
      return;
    }
    String ref;
    try {
      ref = ImageReference.parse(d.baseName).toString();
    } catch (IllegalArgumentException e) {
      throw error(d.stage.source(), "failed to parse stage name \"" + d.baseName + "\": " + e.getMessage());
    }
    ResolvedBase base;
    try {
      base = resolver.resolve(ref, platform);
      d.image = DockerImage.parse(base.config());
    } catch (IOException e) {
      throw error(d.stage.source(), d.baseName + ": " + e.getMessage());
    }
    String pinned = ref + "@" + base.digest();
    if (isEmptyImage(d.image)) {
      d.state = Llb.scratch().withPlatform(platform);
    } else {
      d.state = Llb.image(pinned, platform,
          OpOptions.named(d.prefix("FROM " + pinned)).describe(InstructionDispatcher.COMMAND, d.stage.source().code()));
    }
    d.platform = platform;
  }

  private static boolean isEmptyImage(DockerImage image) {
    if (image.rootfs != null && image.rootfs.diffIds != null && !image.rootfs.diffIds.isEmpty()) {
      return false;
    }
    return image.history.stream().allMatch(h -> h.emptyLayer);
  }

  private void dispatchStage(StageState d, InstructionDispatcher dispatcher) {
    if (d.base != null) {
      d.state = d.base.state;
      d.platform = d.base.platform;
      d.image = d.base.image.copy();
    } else {
      d.image = d.image.copy();
    }
    List<String> env = d.image.config.env == null ? new ArrayList<>() : d.image.config.env;
    if (env.stream().noneMatch(e -> ImageEnv.keyOf(e).equals("PATH"))) {
      d.image.config.env = ImageEnv.set(env, "PATH", DockerfileFrontend.DEFAULT_PATH);
    }
    d.image.config.env.forEach(e -> d.addEnv(ImageEnv.keyOf(e), ImageEnv.valueOf(e)));
    if (d.image.config.workingDir != null && !d.image.config.workingDir.isEmpty()) {
      dispatcher.workdir(d, d.image.config.workingDir, false, null);
    }
    if (d.image.config.user != null && !d.image.config.user.isEmpty()) {
      d.user = d.image.config.user;
    }
    List<String> triggers = d.image.config.onBuild == null ? List.of() : d.image.config.onBuild;
    d.image.config.onBuild = null;
    for (String trigger : triggers) {
      onbuild(d, dispatcher, trigger);
    }
    for (Instruction instruction : d.stage.instructions()) {
      try {
        dispatcher.dispatch(d, instruction);
      } catch (IllegalArgumentException e) {
        throw error(instruction.source(), e.getMessage());
      }
    }
  }

  private void onbuild(StageState d, InstructionDispatcher dispatcher, String trigger) {
    try {
      ParsedDockerfile parsed = DockerfileParser.parse(request.fileName(), trigger);
      if (parsed.nodes().size() != 1) {
        throw error(d.stage.source(), "onbuild trigger should be a single expression");
      }
      Instruction instruction = InstructionParser.parseInstruction(request.fileName(), parsed.nodes().get(0));
      List<StageState> sources = new ArrayList<>();
      if (instruction instanceof Instruction.Copy copy && !copy.from().isEmpty()) {
        StageState from = stageOrImage(copy.from(), d.stage.source(), true);
        if (from.state == null) {
          throw error(d.stage.source(), "ONBUILD COPY --from=" + copy.from() + " names no stage built before");
        }
        sources.add(from);
      }
      d.sources.put(instruction, sources);
      if (isNumberedStep(instruction)) {
        d.cmdTotal++;
      }
      dispatcher.dispatch(d, instruction);
    } catch (DockerfileException | IllegalArgumentException e) {
      throw error(d.stage.source(), "failed to run ONBUILD trigger " + trigger + ": " + e.getMessage());
    }
  }
}
