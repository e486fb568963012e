package dev.strata.build.frontend.dockerfile;

import dev.strata.build.frontend.dockerfile.instructions.Instruction;
import dev.strata.build.frontend.dockerfile.instructions.RunMount;
import dev.strata.build.frontend.dockerfile.parser.Heredoc;
import dev.strata.build.frontend.dockerfile.parser.ShellLexer;
import dev.strata.build.llb.client.ExecBuilder;
import dev.strata.build.llb.client.ExecMount;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.Owner;
import dev.strata.build.llb.client.State;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.llb.pb.NetMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts the instructions of one stage into LLB and image config, as BuildKit's dockerfile2llb
 * dispatch does: variables expanded against the stage's environment, step names, history entries.
 */
final class InstructionDispatcher {
  static final String COMMAND = "com.docker.dockerfile.v1.command";

  private final ShellLexer shlex;
  private final Map<String, String> metaArgs;
  private final Map<String, String> buildArgValues;
  private final State buildContext;

  /**
   * @param metaArgs the global ARGs (and platform ARGs) with their values, in order
   * @param buildContext the context's state (local://context)
   */
  InstructionDispatcher(ShellLexer shlex, Map<String, String> metaArgs, Map<String, String> buildArgValues,
      State buildContext) {
    this.shlex = shlex;
    this.metaArgs = metaArgs;
    this.buildArgValues = buildArgValues;
    this.buildContext = buildContext;
  }

  void dispatch(StageState d, Instruction instruction) {
    if (instruction instanceof Instruction.Run run) {
      run(d, run);
    } else if (instruction instanceof Instruction.Copy copy) {
      copy(d, copy);
    } else if (instruction instanceof Instruction.Workdir workdir) {
      workdir(d, expand(d, workdir.path()), true, workdir);
    } else if (instruction instanceof Instruction.Env env) {
      env(d, env);
    } else if (instruction instanceof Instruction.Arg arg) {
      arg(d, arg);
    } else if (instruction instanceof Instruction.Label label) {
      label(d, label);
    } else if (instruction instanceof Instruction.User user) {
      String name = expand(d, user.user());
      d.user = name;
      d.image.config.user = name;
      d.image.addHistory("USER " + name, true);
    } else if (instruction instanceof Instruction.Expose expose) {
      expose(d, expose);
    } else if (instruction instanceof Instruction.Volume volume) {
      volume(d, volume);
    } else if (instruction instanceof Instruction.Entrypoint entrypoint) {
      List<String> args = withShell(d, entrypoint.command());
      d.image.config.entrypoint = args;
      if (!d.cmdSet) {
        d.image.config.cmd = null;
      }
      d.image.addHistory("ENTRYPOINT " + GoFormat.quotedList(args), true);
    } else if (instruction instanceof Instruction.Cmd cmd) {
      List<String> args = withShell(d, cmd.command());
      d.image.config.cmd = args;
      d.image.config.argsEscaped = true;
      d.cmdSet = true;
      d.image.addHistory("CMD " + GoFormat.quotedList(args), true);
    } else if (instruction instanceof Instruction.Healthcheck healthcheck) {
      healthcheck(d, healthcheck);
    } else if (instruction instanceof Instruction.StopSignal stop) {
      stopSignal(d, expand(d, stop.signal()));
    } else if (instruction instanceof Instruction.Shell shell) {
      d.image.config.shell = shell.shell();
      d.image.addHistory("SHELL " + GoFormat.list(shell.shell()), true);
    } else if (instruction instanceof Instruction.Onbuild onbuild) {
      if (d.image.config.onBuild == null) {
        d.image.config.onBuild = new ArrayList<>();
      }
      d.image.config.onBuild.add(onbuild.expression());
    } else if (instruction instanceof Instruction.Maintainer maintainer) {
      d.image.author = maintainer.name();
      d.image.addHistory("MAINTAINER " + maintainer.name(), true);
    }
  }

  private String expand(StageState d, String word) {
    return shlex.processWord(word, d.env);
  }

  /** BuildKit's step text: the instruction's text with variables expanded, keyword upper case. */
  private static String stepText(StageState d, ShellLexer lexer, String code) {
    String expanded;
    try {
      expanded = lexer.processWord(code, d.env);
    } catch (IllegalArgumentException e) {
      expanded = code;
    }
    String[] parts = expanded.split(" ", 2);
    parts[0] = parts[0].toUpperCase(Locale.ROOT);
    return String.join(" ", parts);
  }

  private static List<String> withShell(StageState d, Instruction.CommandLine command) {
    if (!command.prependShell()) {
      return command.args();
    }
    List<String> shell = new ArrayList<>(d.image.config.shell == null || d.image.config.shell.isEmpty()
        ? List.of("/bin/sh", "-c") : d.image.config.shell);
    shell.add(String.join(" ", command.args()));
    return shell;
  }

  void workdir(StageState d, String path, boolean commit, Instruction source) {
    d.dir = path.startsWith("/") ? path : UnixPaths.join(d.dir, path);
    String wd = path.startsWith("/") ? path : UnixPaths.join("/", d.image.config.workingDir == null
        ? "" : d.image.config.workingDir, path);
    d.image.config.workingDir = wd;
    if (!commit) {
      return;
    }
    boolean withLayer = false;
    if (!wd.equals("/")) {
      FileAction.Mkdir mkdir = FileAction.mkdir(UnixPaths.clean(wd), 0755).makeParents();
      if (!d.user.isEmpty()) {
        mkdir.owner(Owner.parse(d.user));
      }
      d.state = d.state.file(OpOptions.named(d.prefix(stepText(d, shlex, source.source().code()))), mkdir);
      withLayer = true;
    }
    d.image.addHistory("WORKDIR " + wd, !withLayer);
  }

  private void env(StageState d, Instruction.Env env) {
    StringBuilder message = new StringBuilder("ENV");
    for (Instruction.KeyValue pair : env.pairs()) {
      String key = expand(d, pair.key());
      String value = expand(d, pair.value());
      message.append(' ').append(key).append('=').append(value);
      d.addEnv(key, value);
      d.image.config.env = ImageEnv.set(d.image.config.env, key, value);
    }
    d.image.addHistory(message.toString(), true);
  }

  private void arg(StageState d, Instruction.Arg arg) {
    List<String> committed = new ArrayList<>();
    for (Instruction.KeyValue raw : arg.args()) {
      String key = expand(d, raw.key());
      String value = raw.value() == null ? null : expand(d, raw.value());
      committed.add(value == null ? key : key + "=" + value);
      if (buildArgValues.containsKey(key)) {
        value = buildArgValues.get(key);
      } else if (value == null && metaArgs.containsKey(key)) {
        value = metaArgs.get(key);
      }
      if (value != null) {
        d.addEnv(key, value);
      }
      d.buildArgs.put(key, value);
    }
    d.image.addHistory("ARG " + String.join(" ", committed), true);
  }

  private void label(StageState d, Instruction.Label label) {
    StringBuilder message = new StringBuilder("LABEL");
    if (d.image.config.labels == null) {
      d.image.config.labels = new TreeMap<>();
    }
    for (Instruction.KeyValue pair : label.pairs()) {
      String key = expand(d, pair.key());
      String value = expand(d, pair.value());
      d.image.config.labels.put(key, value);
      message.append(' ').append(key).append('=').append(value);
    }
    d.image.addHistory(message.toString(), true);
  }

  private void expose(StageState d, Instruction.Expose expose) {
    List<String> ports = new ArrayList<>();
    for (String port : expose.ports()) {
      for (String word : shlex.processWords(port, d.env)) {
        ports.addAll(PortSpecs.parse(word));
      }
    }
    if (d.image.config.exposedPorts == null) {
      d.image.config.exposedPorts = new TreeMap<>();
    }
    TreeMap<String, String> printed = new TreeMap<>();
    for (String port : ports) {
      d.image.config.exposedPorts.put(port, Map.of());
      printed.put(port, "{}");
    }
    StringBuilder message = new StringBuilder("EXPOSE map[");
    printed.keySet().forEach(port -> message.append(port).append(":{} "));
    if (!printed.isEmpty()) {
      message.setLength(message.length() - 1);
    }
    d.image.addHistory(message.append(']').toString(), true);
  }

  private void volume(StageState d, Instruction.Volume volume) {
    if (d.image.config.volumes == null) {
      d.image.config.volumes = new TreeMap<>();
    }
    List<String> paths = new ArrayList<>();
    for (String raw : volume.paths()) {
      String path = expand(d, raw);
      if (path.isEmpty()) {
        throw new IllegalArgumentException("VOLUME specified can not be an empty string");
      }
      paths.add(path);
      d.image.config.volumes.put(path, Map.of());
    }
    d.image.addHistory("VOLUME " + GoFormat.list(paths), true);
  }

  private void healthcheck(StageState d, Instruction.Healthcheck check) {
    DockerImage.Healthcheck health = new DockerImage.Healthcheck();
    health.test = check.test();
    health.interval = check.interval().toNanos();
    health.timeout = check.timeout().toNanos();
    health.startPeriod = check.startPeriod().toNanos();
    health.retries = check.retries();
    d.image.config.healthcheck = health;
    d.image.addHistory("HEALTHCHECK &{" + GoFormat.quotedList(check.test()) + " "
        + GoFormat.quote(GoFormat.duration(check.interval())) + " "
        + GoFormat.quote(GoFormat.duration(check.timeout())) + " "
        + GoFormat.quote(GoFormat.duration(check.startPeriod())) + " "
        + String.format("'\\x%02x'", check.retries()) + "}", true);
  }

  private static void stopSignal(StageState d, String signal) {
    Signals.check(signal);
    d.image.config.stopSignal = signal;
    d.image.addHistory("STOPSIGNAL " + signal, true);
  }

  private void run(StageState d, Instruction.Run run) {
    String customName = run.source().code();
    List<String> args = run.command().args();
    List<ExecMount> mounts = new ArrayList<>();
    if (!run.files().isEmpty()) {
      Heredoc single = args.size() == 1 ? Heredoc.parseWord(args.get(0)) : null;
      if (single != null) {
        Heredoc file = run.files().get(0);
        if (file.content().startsWith("#!")) {
          State script = Llb.scratch().withPlatform(d.state.platform()).file(
              OpOptions.named("[internal] preparing inline document"),
              FileAction.mkfile("/" + file.name(), 0755, file.data().getBytes(StandardCharsets.UTF_8)));
          mounts.add(ExecMount.bind("/dev/pipes/", script).selector("/").readonly());
          args = List.of(UnixPaths.join("/dev/pipes/", file.name()));
        } else {
          args = List.of(file.data());
        }
        customName += " (" + summarize(file.content()) + ")";
      } else {
        StringBuilder full = new StringBuilder(args.get(0));
        for (Heredoc file : run.files()) {
          full.append('\n').append(file.content()).append(file.name());
        }
        args = List.of(full.toString());
      }
    }
    if (run.command().prependShell()) {
      args = withShell(d, new Instruction.CommandLine(args, true));
    }
    ExecBuilder exec = ExecBuilder.args(args.toArray(String[]::new));
    d.env.forEach(exec::env);
    exec.cwd(d.dir);
    if (!d.user.isEmpty()) {
      exec.user(d.user);
    }
    switch (run.network()) {
      case "none" -> exec.network(NetMode.NONE);
      case "host" -> exec.network(NetMode.HOST);
      default -> { }
    }
    mounts.forEach(exec::mount);
    List<StageState> sources = d.sources.getOrDefault(run, List.of());
    for (int i = 0; i < run.mounts().size(); i++) {
      RunMount mount = RunMount.parse(run.mounts().get(i), word -> expand(d, word));
      exec.mount(runMount(d, mount, sources.get(i)));
    }
    String name = d.prefix(stepText(d, shlex.withRawQuotes().withSkipUnsetEnv(), customName));
    exec.options(OpOptions.named(name).describe(COMMAND, run.source().code()));
    Map<String, String> envSnapshot = new HashMap<>(d.env);
    d.state = d.state.run(exec).root();
    d.image.addHistory("RUN " + runCommandString(args, d.buildArgs, envSnapshot) + " # buildkit", false);
  }

  private ExecMount runMount(StageState d, RunMount mount, StageState source) {
    if (mount.type().equals(RunMount.SECRET)) {
      return secretMount(mount);
    }
    String from = mount.from().isEmpty() && mount.type().equals(RunMount.CACHE) ? "scratch" : mount.from();
    State st = from.isEmpty() ? buildContext : source.state;
    String target = mount.target();
    if (!UnixPaths.clean(target).startsWith("/")) {
      target = UnixPaths.join("/", d.dir, target);
    }
    if (target.equals("/")) {
      throw new IllegalArgumentException("invalid mount target \"" + target + "\"");
    }
    String selector = "";
    String src = UnixPaths.join("/", mount.source());
    if (!src.equals("/")) {
      selector = src;
    } else if (mount.uid() != null || mount.gid() != null || mount.mode() != null) {
      int mode = mount.mode() == null ? 0755 : mount.mode();
      st = st.file(OpOptions.named("[internal] settings cache mount permissions"), FileAction.mkdir("/cache", mode)
          .owner(Owner.ids(mount.uid() == null ? 0 : mount.uid(), mount.gid() == null ? 0 : mount.gid())));
      selector = "/cache";
    }
    ExecMount exec = switch (mount.type()) {
      case RunMount.TMPFS -> ExecMount.tmpfs(target, mount.sizeLimit());
      case RunMount.CACHE -> {
        String id = mount.id().isEmpty() ? UnixPaths.clean(mount.target()) : mount.id();
        CacheSharingOpt sharing = switch (mount.sharing()) {
          case "private" -> CacheSharingOpt.PRIVATE;
          case "locked" -> CacheSharingOpt.LOCKED;
          default -> CacheSharingOpt.SHARED;
        };
        yield ExecMount.cache(target, "/" + id, sharing, st);
      }
      default -> ExecMount.bind(target, st);
    };
    if (mount.readOnly()) {
      exec.readonly();
    } else if (mount.type().equals(RunMount.BIND)) {
      exec.noOutput();
    }
    if (!selector.isEmpty()) {
      exec.selector(selector);
    }
    if (from.isEmpty()) {
      d.contextPaths.add(UnixPaths.join("/", mount.source()));
    }
    return exec;
  }

  private static ExecMount secretMount(RunMount mount) {
    String id = mount.source().isEmpty() ? mount.id() : mount.source();
    if (id.isEmpty()) {
      id = UnixPaths.base(mount.target());
    }
    String target = mount.target().isEmpty() ? "/run/secrets/" + UnixPaths.base(id) : mount.target();
    ExecMount secret = ExecMount.secret(target, id);
    if (!mount.required()) {
      secret.optional();
    }
    if (mount.uid() != null || mount.gid() != null || mount.mode() != null) {
      secret.secretOwner(mount.uid() == null ? 0 : mount.uid(), mount.gid() == null ? 0 : mount.gid(),
          mount.mode() == null ? 0400 : mount.mode());
    }
    return secret;
  }

  private static String runCommandString(List<String> args, Map<String, String> buildArgs, Map<String, String> env) {
    List<String> parts = new ArrayList<>();
    if (!buildArgs.isEmpty()) {
      parts.add("|" + buildArgs.size());
      buildArgs.forEach((key, value) -> parts.add(key + "=" + env.getOrDefault(key, value == null ? "" : value)));
    }
    parts.addAll(args);
    return String.join(" ", parts);
  }

  private static String summarize(String doc) {
    String[] lines = doc.strip().replace("\r\n", "\n").split("\n", -1);
    return lines.length > 1 ? lines[0] + "..." : lines[0];
  }

  private void copy(StageState d, Instruction.Copy copy) {
    String keyword = copy.add() ? "ADD" : "COPY";
    String chown = expand(d, copy.chown());
    String checksum = expand(d, copy.checksum());
    List<String> sourcePaths = copy.sourcePaths().stream().map(path -> expand(d, path)).toList();
    String rawDest = expand(d, copy.dest());
    String dest = UnixPaths.join("/", rawDest.startsWith("/") ? rawDest : UnixPaths.join(d.dir, rawDest));
    if (rawDest.equals(".") || rawDest.isEmpty() || rawDest.endsWith("/")) {
      dest += "/";
    }
    Integer mode = copy.chmod().isEmpty() ? null : Integer.parseInt(copy.chmod(), 8);
    Owner owner = chown.isEmpty() ? null : Owner.parse(chown);
    List<StageState> from = d.sources.getOrDefault(copy, List.of());
    State source = from.isEmpty() ? buildContext : from.get(0).state;
    if (!checksum.isEmpty()) {
      if (sourcePaths.size() != 1 || !copy.sourceContents().isEmpty()) {
        throw new IllegalArgumentException("checksum can't be specified for multiple sources");
      }
      if (!isHttp(sourcePaths.get(0))) {
        throw new IllegalArgumentException("checksum can't be specified for non-HTTP sources");
      }
    }
    StringBuilder message = new StringBuilder(keyword);
    List<FileAction> actions = new ArrayList<>();
    for (String src : sourcePaths) {
      message.append(' ').append(src);
      if (isHttp(src)) {
        if (!copy.add()) {
          throw new IllegalArgumentException("source can't be a URL for COPY");
        }
        String file = urlFileName(src);
        State http = Llb.http(src, file, checksum, d.state.platform(), OpOptions.none().describe(COMMAND, ""));
        FileAction.Copy action = FileAction.copy(http, "/" + file, dest).createDestPath();
        actions.add(withOwnerAndMode(action, owner, mode));
        continue;
      }
      if (from.isEmpty()) {
        String relative = UnixPaths.clean(src.startsWith("/") ? src.substring(1) : src);
        if (relative.equals("..") || relative.startsWith("../")) {
          throw new IllegalArgumentException(keyword + " source " + src + " is outside the build context");
        }
        d.contextPaths.add(UnixPaths.join("/", src));
      }
      FileAction.Copy action = FileAction.copy(source, UnixPaths.join("/", src), dest)
          .followSymlinks().dirCopyContents().createDestPath().allowWildcard().allowEmptyWildcard();
      if (copy.add()) {
        action.attemptUnpack();
      }
      if (!copy.excludes().isEmpty()) {
        action.excludePatterns(copy.excludes().stream().map(pattern -> expand(d, pattern)).toList());
      }
      actions.add(withOwnerAndMode(action, owner, mode));
    }
    ShellLexer raw = ShellLexer.of('\\').withSkipProcessQuotes();
    for (Heredoc doc : copy.sourceContents()) {
      message.append(" <<").append(doc.name());
      String data = doc.expand() ? raw.processWord(doc.data(), d.env) : doc.data();
      State inline = Llb.scratch().withPlatform(d.state.platform()).file(
          OpOptions.named("[internal] preparing inline document"),
          FileAction.mkfile("/" + doc.name(), 0664, data.getBytes(StandardCharsets.UTF_8)));
      actions.add(withOwnerAndMode(FileAction.copy(inline, "/" + doc.name(), dest).createDestPath(), owner, mode));
    }
    message.append(' ').append(copy.dest());
    String text = stepText(d, shlex, copy.source().code());
    String name = d.prefix(text);
    FileAction[] all = actions.toArray(FileAction[]::new);
    if (copy.link() && copy.chmod().isEmpty()) {
      if (d.cmdTotal > 0) {
        d.cmdIndex--;
      }
      String linkName = d.prefix("LINK " + text);
      State layer = Llb.scratch().withPlatform(d.state.platform()).file(all);
      d.state = Llb.merge(List.of(d.state, layer), OpOptions.named(linkName));
    } else {
      d.state = d.state.file(OpOptions.named(name), all);
    }
    d.image.addHistory(message + " # buildkit", false);
  }

  private static FileAction.Copy withOwnerAndMode(FileAction.Copy action, Owner owner, Integer mode) {
    if (owner != null) {
      action.owner(owner);
    }
    if (mode != null) {
      action.mode(mode);
    }
    return action;
  }

  private static boolean isHttp(String src) {
    return src.startsWith("http://") || src.startsWith("https://");
  }

  private static String urlFileName(String src) {
    try {
      String base = UnixPaths.base(URI.create(src).getPath());
      return base.equals(".") || base.equals("/") || base.isEmpty() ? "__unnamed__" : base;
    } catch (IllegalArgumentException e) {
      return "__unnamed__";
    }
  }
}
