package dev.strata.build.cli;

import dev.strata.build.export.InvalidOutputException;
import dev.strata.build.export.OutputSpec;
import dev.strata.build.ops.Session;
import dev.strata.build.progress.ProgressMode;
import dev.strata.build.progress.ProgressPrinter;
import dev.strata.build.progress.ProgressPrinters;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options {@code solve} and {@code build} share: secrets, entitlements, registries, outputs, progress. */
final class BuildOptions {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  @Option(names = "--secret", paramLabel = "id=ID,src=FILE", converter = Converters.Secret.class,
      description = "A secret's file, for secret mounts.")
  List<SecretFile> secrets = new ArrayList<>();

  @Option(names = "--allow", paramLabel = "ENTITLEMENT", converter = Converters.Entitlement.class,
      description = "security.insecure or network.host.")
  List<Session.Entitlement> allowed = new ArrayList<>();

  @Option(names = "--insecure-registry", paramLabel = "HOST:PORT", converter = Converters.Registry.class,
      description = "A registry to reach over plain HTTP.")
  List<String> insecureRegistries = new ArrayList<>();

  @Option(names = "--output", paramLabel = "SPEC", description = "Where the result goes, e.g. type=oci,dest=FILE.")
  List<String> outputs = new ArrayList<>();

  @Option(names = "--progress", paramLabel = "MODE", defaultValue = "auto", converter = Converters.Progress.class,
      description = "auto, plain, tty or rawjson (default: auto).")
  ProgressMode progress;

  @Option(names = "--max-parallelism", paramLabel = "N", converter = Converters.Parallelism.class,
      description = "How many ops may run at once (default: the number of processors).")
  Integer maxParallelism;

  /** The secret files by id, relative to the user's directory; an id given twice is a usage error. */
  Map<String, Path> secretFiles(Main main) {
    Map<String, Path> byId = new TreeMap<>();
    for (SecretFile secret : secrets) {
      if (byId.put(secret.id(), main.path(secret.file())) != null) {
        throw usageError("--secret id=" + secret.id() + " given twice");
      }
    }
    return byId;
  }

  Set<Session.Entitlement> entitlements() {
    Set<Session.Entitlement> entitlements = EnumSet.noneOf(Session.Entitlement.class);
    entitlements.addAll(allowed);
    return entitlements;
  }

  Set<String> registries() {
    return new LinkedHashSet<>(insecureRegistries);
  }

  /** The --output specs, destinations relative to the user's directory; a malformed one is a usage error. */
  List<String> checkedOutputs(Main main) {
    List<String> checked = new ArrayList<>();
    for (String output : outputs) {
      try {
        OutputSpec.parse(output);
        checked.add(OutputSpec.resolveDestination(output, main.workingDirectory()));
      } catch (InvalidOutputException e) {
        throw usageError("--output " + output + ": " + e.getMessage());
      }
    }
    return checked;
  }

  /** rawjson goes to stdout as buildctl's tools read it, the others to stderr. */
  ProgressPrinter printer(Main main) {
    PrintStream stream = progress == ProgressMode.RAWJSON ? main.out : main.err;
    return ProgressPrinters.create(progress, stream, main.interactive(), main.terminalColumns());
  }

  CommandLine.ParameterException usageError(String message) {
    return new CommandLine.ParameterException(command.commandLine(), message);
  }
}
