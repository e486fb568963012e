package dev.strata.build.cli;

import dev.strata.build.frontend.dockerfile.BaseImageResolver;
import dev.strata.build.frontend.dockerfile.Conversion;
import dev.strata.build.frontend.dockerfile.ConvertRequest;
import dev.strata.build.frontend.dockerfile.DockerIgnore;
import dev.strata.build.image.InvalidImageException;
import dev.strata.build.image.RegistryException;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.ops.Session;
import dev.strata.build.progress.ProgressPrinter;
import dev.strata.build.worker.BuildRequest;
import dev.strata.build.worker.Worker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code strata-build build}: converts a Dockerfile to LLB and builds it on the worker, the
 * context directory as local "context" and the Dockerfile's directory as local "dockerfile". Base
 * images come from the worker's image store, else its registry.
 */
@Command(name = "build", description = "Builds a Dockerfile.")
final class BuildCommand implements Callable<Integer> {
  private static final String CONTEXT = "context";
  private static final String DOCKERFILE = "dockerfile";
  private static final String BUILD_PLATFORM = "linux/amd64";

  @ParentCommand Main main;
  @Mixin BuildOptions options;

  @Parameters(paramLabel = "CONTEXT", description = "The build context directory.")
  Path context;

  @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The Dockerfile (default: CONTEXT/Dockerfile).")
  Path file;

  @Option(names = "--target", paramLabel = "STAGE", defaultValue = "", description = "The stage to build (default: the last).")
  String target;

  @Option(names = "--build-arg", paramLabel = "KEY=VALUE", description = "A build argument.")
  Map<String, String> buildArgs = new TreeMap<>();

  @Option(names = {"-t", "--tag"}, paramLabel = "NAME", description = "Names the image in the worker's image store.")
  List<String> tags = new ArrayList<>();

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label the image config gets.")
  Map<String, String> labels = new TreeMap<>();

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "The platform to build for; only the worker's own, "
      + BUILD_PLATFORM + ".")
  String platform;

  @Option(names = "--print-llb", description = "Writes the definition to stdout and builds nothing.")
  boolean printLlb;

  @Override
  public Integer call() {
    if (platform != null) {
      requireBuildPlatform();
    }
    Path contextDirectory = main.path(context);
    Path dockerfile = file == null ? contextDirectory.resolve("Dockerfile") : main.path(file);
    List<String> allOutputs = outputs();
    Set<String> registries = options.registries();
    return main.onWorker(options.maxParallelism, worker -> build(worker, contextDirectory, dockerfile, allOutputs, registries));
  }

  private int build(Worker worker, Path contextDirectory, Path dockerfile, List<String> allOutputs, Set<String> registries) {
    try {
      Conversion conversion = main.conversions.convert(convertRequest(contextDirectory, dockerfile), resolver(worker, registries));
      if (printLlb) {
        main.out.write(conversion.definition());
        main.out.flush();
        return 0;
      }
      BuildRequest request = new BuildRequest(LlbDefinition.parse(conversion.definition()),
          session(contextDirectory, dockerfile), registries, allOutputs, Optional.of(conversion.imageConfig()));
      try (ProgressPrinter printer = options.printer(main)) {
        worker.build(request, printer, main.out);
      }
      return 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private ConvertRequest convertRequest(Path contextDirectory, Path dockerfile) throws IOException {
    ConvertRequest.Builder request = ConvertRequest.builder(Files.readString(dockerfile))
        .fileName(dockerfile.toString())
        .target(target)
        .contextName(CONTEXT)
        .excludes(DockerIgnore.forBuild(contextDirectory, dockerfile));
    buildArgs.forEach(request::buildArg);
    labels.forEach(request::label);
    if (platform != null) {
      request.platform(OciPlatform.LINUX_AMD64);
    }
    return request.build();
  }

  private void requireBuildPlatform() {
    if (!platform.equalsIgnoreCase(BUILD_PLATFORM)) {
      throw options.usageError("failed to build for platform " + platform + ": this worker builds only " + BUILD_PLATFORM);
    }
  }

  private static BaseImageResolver resolver(Worker worker, Set<String> registries) {
    return (ref, platform) -> {
      try {
        return worker.resolveImageConfig(ref, platform, registries);
      } catch (RegistryException | InvalidImageException e) {
        throw new IOException(e.getMessage(), e);
      }
    };
  }

  /** The --output specs, checked, then one image output per -t. */
  private List<String> outputs() {
    List<String> all = new ArrayList<>(options.checkedOutputs(main));
    tags.forEach(tag -> all.add("type=image,name=" + tag));
    return all;
  }

  private Session session(Path contextDirectory, Path dockerfile) {
    Map<String, Path> locals = Map.of(CONTEXT, contextDirectory, DOCKERFILE, dockerfile.getParent());
    return new Session(locals, options.secretFiles(main), options.entitlements(), Map.of());
  }

}
