package dev.strata.build.llb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The LLB samples BuildKit's Dockerfile frontend wrote, kept in {@code shared/llb-samples} beside
 * the repository: {@code ../shared} of the repository root, or of a directory above it when the
 * repository is a worktree in a subdirectory. Tests run in the module directory.
 */
public final class LlbSamples {
  public static final String COPY_FROM = "copy-from";
  public static final String MULTISTAGE_PARALLEL = "multistage-parallel";
  private static final Path SAMPLES = Paths.get("shared", "llb-samples");

  private LlbSamples() {}

  public static Path dir(String sample) {
    Path repositoryRoot = Paths.get("..").toAbsolutePath().normalize();
    for (Path above = repositoryRoot.getParent(); above != null; above = above.getParent()) {
      Path dir = above.resolve(SAMPLES).resolve(sample);
      if (Files.isRegularFile(dir.resolve("def.pb")) && Files.isRegularFile(dir.resolve("dump.json"))) {
        return dir;
      }
    }
    throw new IllegalStateException("LLB sample " + sample + " not found: expected "
        + SAMPLES.resolve(sample) + " with def.pb and dump.json beside " + repositoryRoot
        + " or one of the directories above it");
  }
}
