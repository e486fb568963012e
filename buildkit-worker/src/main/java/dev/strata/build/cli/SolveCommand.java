package dev.strata.build.cli;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.ops.Session;
import dev.strata.build.progress.ProgressPrinter;
import dev.strata.build.worker.BuildRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code strata-build solve}: builds an LLB definition. */
@Command(name = "solve", description = "Builds an LLB definition (a marshaled pb.Definition).")
final class SolveCommand implements Callable<Integer> {
  @ParentCommand Main main;
  @Mixin BuildOptions options;

  @Option(names = "--llb", paramLabel = "FILE", defaultValue = "-", description = "The definition; - for stdin (default).")
  String llb;

  @Option(names = "--local", paramLabel = "NAME=DIR", converter = Converters.Directory.class,
      description = "The directory of local://NAME sources.")
  List<NamedDirectory> locals = new ArrayList<>();

  @Option(names = "--oci-layout", paramLabel = "NAME=DIR", converter = Converters.Directory.class,
      description = "An OCI image layout that oci-layout://NAME sources read.")
  List<NamedDirectory> ociLayouts = new ArrayList<>();

  @Override
  public Integer call() throws IOException {
    BuildRequest request = request(LlbDefinition.parse(readDefinition()));
    return main.onWorker(options.maxParallelism, worker -> {
      try (ProgressPrinter printer = options.printer(main)) {
        worker.build(request, printer, main.out);
      }
      return 0;
    });
  }

  /** The request these options describe, for {@code definition}. */
  BuildRequest request(LlbDefinition definition) {
    return new BuildRequest(definition, session(), options.registries(), options.checkedOutputs(main));
  }

  private Session session() {
    Map<String, Path> localDirectories = byName("--local", locals);
    Map<String, Path> layouts = byName("--oci-layout", ociLayouts);
    return new Session(localDirectories, options.secretFiles(main), options.entitlements(), layouts);
  }

  private Map<String, Path> byName(String option, List<NamedDirectory> directories) {
    Map<String, Path> byName = new TreeMap<>();
    for (NamedDirectory directory : directories) {
      if (byName.put(directory.name(), main.path(directory.directory())) != null) {
        throw options.usageError(option + " " + directory.name() + " given twice");
      }
    }
    return byName;
  }

  private byte[] readDefinition() throws IOException {
    return llb.equals("-") ? main.in.readAllBytes() : Files.readAllBytes(main.path(Path.of(llb)));
  }

}
