package dev.strata.build.frontend.dockerfile;

import dev.strata.build.frontend.dockerfile.instructions.InstructionParser;
import dev.strata.build.frontend.dockerfile.instructions.StagedDockerfile;
import dev.strata.build.frontend.dockerfile.parser.DockerfileParser;
import dev.strata.build.frontend.dockerfile.parser.ParsedDockerfile;
import dev.strata.build.llb.client.LocalOptions;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.State;
import java.io.IOException;
import java.util.Objects;

/**
 * The Dockerfile frontend: Dockerfile text in, LLB definition and image config out, as BuildKit's
 * dockerfile2llb (v0.11) converts it. Stages the target does not need are left out of the graph and
 * their base images are not resolved; every error is found before anything runs.
 */
public final class DockerfileFrontend {
  static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  static final String HISTORY_COMMENT = "buildkit.dockerfile.v0";

  private final BaseImageResolver resolver;

  public DockerfileFrontend(BaseImageResolver resolver) {
    this.resolver = Objects.requireNonNull(resolver, "resolver");
  }

  /**
   * @throws DockerfileException for a Dockerfile that cannot be parsed or converted, naming the line
   * @throws IOException when the resolver fails for a reason other than the reference itself
   */
  public Conversion convert(ConvertRequest request) throws IOException {
    if (request.dockerfile().isEmpty()) {
      throw DockerfileException.of("parse", request.fileName(), "the Dockerfile cannot be empty");
    }
    ParsedDockerfile parsed = DockerfileParser.parse(request.fileName(), request.dockerfile());
    StagedDockerfile staged = InstructionParser.parse(parsed);
    CachingResolver bases = new CachingResolver(resolver);
    // The context's follow paths are known only once every stage is converted: a first pass
    // collects them, the second converts against the context source that carries them.
    ConversionPass first = new ConversionPass(request, parsed.escapeToken(), staged, bases, Llb.scratch());
    first.run();
    State context = Llb.local(request.contextName(), LocalOptions.defaults()
        .withExcludePatterns(request.excludes())
        .withSharedKeyHint(request.contextName())
        .withFollowPaths(first.contextFollowPaths()),
        first.targetPlatform(), OpOptions.named("[internal] load build context"));
    ConversionPass second = new ConversionPass(request, parsed.escapeToken(), staged, bases, context);
    return second.run();
  }
}
