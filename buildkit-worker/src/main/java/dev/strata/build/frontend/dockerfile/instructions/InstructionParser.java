package dev.strata.build.frontend.dockerfile.instructions;

import dev.strata.build.frontend.dockerfile.DockerfileException;
import dev.strata.build.frontend.dockerfile.parser.Heredoc;
import dev.strata.build.frontend.dockerfile.parser.Node;
import dev.strata.build.frontend.dockerfile.parser.ParsedDockerfile;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns parsed nodes into stages of typed instructions, checking arguments and flags as BuildKit's
 * instructions package does. Errors name the file and the instruction's line.
 */
public final class InstructionParser {
  private static final Pattern STAGE_NAME = Pattern.compile("^[a-z][a-z0-9-_.]*$");
  private static final Pattern ONBUILD_PREFIX = Pattern.compile("(?i)^\\s*ONBUILD\\s*");
  private static final Duration MINIMUM_INTERVAL = Duration.ofMillis(1);

  private final String file;

  private InstructionParser(String file) {
    this.file = file;
  }

  /** @throws DockerfileException at the first bad instruction */
  public static StagedDockerfile parse(ParsedDockerfile dockerfile) {
    InstructionParser parser = new InstructionParser(dockerfile.file());
    List<Instruction.Arg> globalArgs = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    List<Instruction> current = null;
    Stage open = null;
    for (Node node : dockerfile.nodes()) {
      if (node.keyword().equalsIgnoreCase("from")) {
        if (open != null) {
          stages.add(withInstructions(open, current));
        }
        open = parser.stage(node);
        current = new ArrayList<>();
        continue;
      }
      Instruction instruction = parser.instruction(node);
      if (open == null) {
        if (instruction instanceof Instruction.Arg arg) {
          globalArgs.add(arg);
          continue;
        }
        throw parser.error(node, "no build stage in current context");
      }
      current.add(instruction);
    }
    if (open == null) {
      throw DockerfileException.of("parse", dockerfile.file(), "no build stage in Dockerfile");
    }
    stages.add(withInstructions(open, current));
    return new StagedDockerfile(globalArgs, stages);
  }

  /** One instruction outside a stage, e.g. an ONBUILD trigger of a base image. */
  public static Instruction parseInstruction(String file, Node node) {
    InstructionParser parser = new InstructionParser(file);
    if (node.keyword().equalsIgnoreCase("from")) {
      throw parser.error(node, "FROM isn't allowed as an ONBUILD trigger");
    }
    return parser.instruction(node);
  }

  private static Stage withInstructions(Stage stage, List<Instruction> instructions) {
    return new Stage(stage.name(), stage.baseName(), stage.platform(), stage.source(), instructions);
  }

  private DockerfileException error(Node node, String cause) {
    return DockerfileException.at("parse", file, node.startLine(), 1, cause);
  }

  private static Instruction.Source source(Node node) {
    return new Instruction.Source(node.original().strip(), node.startLine(), node.endLine());
  }

  private Stage stage(Node node) {
    try {
      Flags flags = Flags.parse(node.flags(), Set.of("platform"), Set.of(), Set.of());
      List<String> args = node.args();
      String name = "";
      if (args.size() == 3 && args.get(1).equalsIgnoreCase("as")) {
        name = args.get(2).toLowerCase(Locale.ROOT);
        if (!STAGE_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException("invalid name for build stage: \"" + args.get(2)
              + "\", name can't start with a number or contain symbols");
        }
      } else if (args.size() != 1) {
        throw new IllegalArgumentException("FROM requires either one or three arguments");
      }
      return new Stage(name, args.get(0), flags.string("platform"), source(node), List.of());
    } catch (IllegalArgumentException e) {
      throw error(node, e.getMessage());
    }
  }

  private Instruction instruction(Node node) {
    try {
      return switch (node.keyword().toLowerCase(Locale.ROOT)) {
        case "run" -> run(node);
        case "copy" -> copy(node, false);
        case "add" -> copy(node, true);
        case "workdir" -> new Instruction.Workdir(source(node), exactlyOne(node, "WORKDIR"));
        case "env" -> new Instruction.Env(source(node), pairs(node, "ENV"));
        case "label" -> new Instruction.Label(source(node), pairs(node, "LABEL"));
        case "arg" -> arg(node);
        case "user" -> new Instruction.User(source(node), exactlyOne(node, "USER"));
        case "expose" -> expose(node);
        case "volume" -> volume(node);
        case "entrypoint" -> new Instruction.Entrypoint(source(node), commandLine(node));
        case "cmd" -> new Instruction.Cmd(source(node), commandLine(node));
        case "healthcheck" -> healthcheck(node);
        case "stopsignal" -> new Instruction.StopSignal(source(node), exactlyOne(node, "STOPSIGNAL"));
        case "shell" -> shell(node);
        case "onbuild" -> onbuild(node);
        case "maintainer" -> new Instruction.Maintainer(source(node), exactlyOne(node, "MAINTAINER"));
        default -> throw new IllegalArgumentException("unknown instruction: " + node.keyword());
      };
    } catch (IllegalArgumentException e) {
      throw error(node, e.getMessage());
    }
  }

  private static void noFlags(Node node) {
    Flags.parse(node.flags(), Set.of(), Set.of(), Set.of());
  }

  private static String exactlyOne(Node node, String keyword) {
    noFlags(node);
    if (node.args().size() != 1) {
      throw new IllegalArgumentException(keyword + " requires exactly one argument");
    }
    return node.args().get(0);
  }

  private static Instruction.CommandLine commandLine(Node node) {
    noFlags(node);
    return commandLine(node.args(), node.json());
  }

  private static Instruction.CommandLine commandLine(List<String> args, boolean json) {
    if (json || args.isEmpty()) {
      return new Instruction.CommandLine(args, !json);
    }
    return new Instruction.CommandLine(List.of(String.join(" ", args)), true);
  }

  private static Instruction run(Node node) {
    Flags flags = Flags.parse(node.flags(), Set.of("network", "security"), Set.of(), Set.of("mount"));
    String network = flags.string("network");
    if (!network.isEmpty() && !Set.of("default", "none", "host").contains(network)) {
      throw new IllegalArgumentException("unsupported network mode \"" + network + "\"");
    }
    if (!flags.string("security").isEmpty() && !flags.string("security").equals("sandbox")) {
      throw new IllegalArgumentException("unsupported security mode \"" + flags.string("security") + "\"");
    }
    List<String> mounts = flags.all("mount");
    mounts.forEach(RunMount::check);
    return new Instruction.Run(source(node), commandLine(node.args(), node.json()), node.heredocs(), mounts,
        network);
  }

  private static Instruction copy(Node node, boolean add) {
    String keyword = add ? "ADD" : "COPY";
    if (node.args().size() < 2) {
      throw new IllegalArgumentException(keyword
          + " requires at least two arguments, but only one was provided. Destination could not be determined");
    }
    Flags flags = add
        ? Flags.parse(node.flags(), Set.of("chown", "chmod", "checksum"), Set.of("link", "keep-git-dir"),
            Set.of("exclude"))
        : Flags.parse(node.flags(), Set.of("chown", "chmod", "from"), Set.of("link"), Set.of("exclude"));
    List<String> args = node.args();
    String dest = args.get(args.size() - 1);
    if (Heredoc.parseWord(dest) != null) {
      throw new IllegalArgumentException(keyword + " cannot accept a heredoc as a destination");
    }
    Map<String, Heredoc> docs = new HashMap<>();
    node.heredocs().forEach(doc -> docs.put(doc.name(), doc));
    List<String> paths = new ArrayList<>();
    List<Heredoc> contents = new ArrayList<>();
    for (String src : args.subList(0, args.size() - 1)) {
      Heredoc opened = Heredoc.parseWord(src);
      if (opened == null) {
        paths.add(src);
      } else {
        Heredoc doc = docs.get(opened.name());
        contents.add(new Heredoc(opened.name(), doc == null ? "" : doc.content(), opened.expand(), opened.chomp()));
      }
    }
    String chmod = flags.string("chmod");
    if (!chmod.isEmpty() && !chmod.matches("[0-7]{1,4}")) {
      throw new IllegalArgumentException("invalid chmod parameter: " + chmod);
    }
    return new Instruction.Copy(source(node), add, paths, contents, dest, add ? "" : flags.string("from"),
        flags.string("chown"), chmod, flags.bool("link"), flags.all("exclude"), add ? flags.string("checksum") : "");
  }

  private static List<Instruction.KeyValue> pairs(Node node, String keyword) {
    noFlags(node);
    List<String> args = node.args();
    if (args.isEmpty()) {
      throw new IllegalArgumentException(keyword + " requires at least one argument");
    }
    if (args.size() % 2 != 0) {
      throw new IllegalArgumentException("Bad input to " + keyword + ", too many arguments");
    }
    List<Instruction.KeyValue> pairs = new ArrayList<>();
    for (int i = 0; i < args.size(); i += 2) {
      if (args.get(i).isEmpty()) {
        throw new IllegalArgumentException(keyword + " names can not be blank");
      }
      pairs.add(new Instruction.KeyValue(args.get(i), args.get(i + 1)));
    }
    return pairs;
  }

  private static Instruction arg(Node node) {
    noFlags(node);
    if (node.args().isEmpty()) {
      throw new IllegalArgumentException("ARG requires at least one argument");
    }
    List<Instruction.KeyValue> args = new ArrayList<>();
    for (String arg : node.args()) {
      int eq = arg.indexOf('=');
      if (eq == 0) {
        throw new IllegalArgumentException("ARG names can not be blank");
      }
      args.add(eq < 0 ? new Instruction.KeyValue(arg, null)
          : new Instruction.KeyValue(arg.substring(0, eq), arg.substring(eq + 1)));
    }
    return new Instruction.Arg(source(node), args);
  }

  private static Instruction expose(Node node) {
    noFlags(node);
    if (node.args().isEmpty()) {
      throw new IllegalArgumentException("EXPOSE requires at least one argument");
    }
    return new Instruction.Expose(source(node), node.args().stream().sorted().toList());
  }

  private static Instruction volume(Node node) {
    noFlags(node);
    if (node.args().isEmpty()) {
      throw new IllegalArgumentException("VOLUME requires at least one argument");
    }
    List<String> paths = new ArrayList<>();
    for (String path : node.args()) {
      if (path.strip().isEmpty()) {
        throw new IllegalArgumentException("VOLUME specified can not be an empty string");
      }
      paths.add(path.strip());
    }
    return new Instruction.Volume(source(node), paths);
  }

  private static Instruction shell(Node node) {
    noFlags(node);
    if (node.args().isEmpty()) {
      throw new IllegalArgumentException("SHELL requires at least one argument");
    }
    if (!node.json()) {
      throw new IllegalArgumentException("SHELL requires the arguments to be in JSON form");
    }
    return new Instruction.Shell(source(node), node.args());
  }

  private static Instruction onbuild(Node node) {
    noFlags(node);
    if (node.args().isEmpty()) {
      throw new IllegalArgumentException("ONBUILD requires at least one argument");
    }
    String trigger = node.args().get(0).strip().toUpperCase(Locale.ROOT);
    switch (trigger) {
      case "ONBUILD" -> throw new IllegalArgumentException("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
      case "MAINTAINER", "FROM" -> throw new IllegalArgumentException(trigger + " isn't allowed as an ONBUILD trigger");
      default -> { }
    }
    StringBuilder expression = new StringBuilder(ONBUILD_PREFIX.matcher(node.original()).replaceAll(""));
    for (Heredoc doc : node.heredocs()) {
      expression.append('\n').append(doc.content()).append(doc.name());
    }
    return new Instruction.Onbuild(source(node), expression.toString());
  }

  private static Instruction healthcheck(Node node) {
    if (node.args().isEmpty()) {
      throw new IllegalArgumentException("HEALTHCHECK requires at least one argument");
    }
    String type = node.args().get(0).toUpperCase(Locale.ROOT);
    List<String> args = node.args().subList(1, node.args().size());
    if (type.equals("NONE")) {
      if (!args.isEmpty()) {
        throw new IllegalArgumentException("HEALTHCHECK NONE takes no arguments");
      }
      return new Instruction.Healthcheck(source(node), List.of("NONE"), Duration.ZERO, Duration.ZERO, Duration.ZERO, 0);
    }
    Flags flags = Flags.parse(node.flags(), Set.of("interval", "timeout", "start-period", "retries"), Set.of(),
        Set.of());
    if (!type.equals("CMD")) {
      throw new IllegalArgumentException("Unknown type \"" + type + "\" in HEALTHCHECK (try CMD)");
    }
    List<String> command = commandLine(args, node.json()).args();
    if (command.isEmpty()) {
      throw new IllegalArgumentException("Missing command after HEALTHCHECK CMD");
    }
    List<String> test = new ArrayList<>();
    test.add(node.json() ? "CMD" : "CMD-SHELL");
    test.addAll(command);
    int retries = 0;
    if (!flags.string("retries").isEmpty()) {
      retries = Integer.parseInt(flags.string("retries"));
      if (retries < 0) {
        throw new IllegalArgumentException("--retries cannot be negative (" + retries + ")");
      }
    }
    return new Instruction.Healthcheck(source(node), test, interval(flags, "interval"), interval(flags, "timeout"),
        interval(flags, "start-period"), retries);
  }

  private static Duration interval(Flags flags, String name) {
    String value = flags.string(name);
    if (value.isEmpty()) {
      return Duration.ZERO;
    }
    Duration duration = GoDuration.parse(value);
    if (!duration.isZero() && duration.compareTo(MINIMUM_INTERVAL) < 0) {
      throw new IllegalArgumentException("Interval \"" + name + "\" cannot be less than 1ms");
    }
    return duration;
  }
}
