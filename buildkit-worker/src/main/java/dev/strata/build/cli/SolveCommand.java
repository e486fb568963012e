package dev.strata.build.cli;

import dev.strata.build.export.InvalidOutputException;
import dev.strata.build.export.OutputSpec;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.ops.Session;
import dev.strata.build.progress.ProgressMode;
import dev.strata.build.progress.ProgressPrinter;
import dev.strata.build.progress.ProgressPrinters;
import dev.strata.build.serve.ServeClient;
import dev.strata.build.worker.BuildRequest;
import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code strata-build solve}: builds an LLB definition, on the root's serve daemon when one runs,
 * otherwise in this process.
 */
@Command(name = "solve", description = "Builds an LLB definition (a marshaled pb.Definition).")
final class SolveCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Option(names = "--llb", paramLabel = "FILE", defaultValue = "-", description = "The definition; - for stdin (default).")
  String llb;

  @Option(names = "--local", paramLabel = "NAME=DIR", converter = Converters.Directory.class,
      description = "The directory of local://NAME sources.")
  List<NamedDirectory> locals = new ArrayList<>();

  @Option(names = "--oci-layout", paramLabel = "NAME=DIR", converter = Converters.Directory.class,
      description = "An OCI image layout that oci-layout://NAME sources read.")
  List<NamedDirectory> ociLayouts = new ArrayList<>();

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

  @Override
  public Integer call() throws IOException {
    main.requireOwnProcess("solve");
    BuildRequest request = request(LlbDefinition.parse(readDefinition()));
    WorkerConfig config = main.workerConfig(maxParallelism);
    // an archive for this process's stdout cannot come through the daemon's socket
    Optional<ServeClient> daemon = writesToStdout() ? Optional.empty() : ServeClient.find(config);
    try (ProgressPrinter printer = printer()) {
      if (daemon.isPresent()) {
        daemon.get().build(config, maxParallelism, request, printer);
      } else {
        try (Worker worker = Worker.open(config)) {
          worker.build(request, printer, main.out);
        }
      }
    }
    return 0;
  }

  private boolean writesToStdout() {
    return outputs.stream().map(OutputSpec::parse).anyMatch(OutputSpec::writesToStdout);
  }

  /** The request these options describe, for {@code definition}. */
  BuildRequest request(LlbDefinition definition) {
    for (String output : outputs) {
      try {
        OutputSpec.parse(output);
      } catch (InvalidOutputException e) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--output " + output + ": " + e.getMessage());
      }
    }
    return new BuildRequest(definition, session(), new LinkedHashSet<>(insecureRegistries), outputs);
  }

  private Session session() {
    Map<String, Path> localDirectories = byName("--local", locals);
    Map<String, Path> layouts = byName("--oci-layout", ociLayouts);
    Map<String, Path> secretFiles = new TreeMap<>();
    for (SecretFile secret : secrets) {
      if (secretFiles.put(secret.id(), secret.file()) != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), "--secret id=" + secret.id() + " given twice");
      }
    }
    Set<Session.Entitlement> entitlements = EnumSet.noneOf(Session.Entitlement.class);
    entitlements.addAll(allowed);
    return new Session(localDirectories, secretFiles, entitlements, layouts);
  }

  private Map<String, Path> byName(String option, List<NamedDirectory> directories) {
    Map<String, Path> byName = new TreeMap<>();
    for (NamedDirectory directory : directories) {
      if (byName.put(directory.name(), directory.directory()) != null) {
        throw new CommandLine.ParameterException(spec.commandLine(), option + " " + directory.name() + " given twice");
      }
    }
    return byName;
  }

  private byte[] readDefinition() throws IOException {
    return llb.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(llb));
  }

  private ProgressPrinter printer() {
    PrintStream stream = progress == ProgressMode.RAWJSON ? main.out : main.err;
    return ProgressPrinters.create(progress, stream, System.console() != null);
  }
}
