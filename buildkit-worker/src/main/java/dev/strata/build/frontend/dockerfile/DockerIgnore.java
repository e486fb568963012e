package dev.strata.build.frontend.dockerfile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The exclude patterns of a build context (Go filepath.Match patterns, {@code **}, {@code !}
 * exceptions), read as BuildKit's dockerignore.ReadAll reads them: comments and blank lines
 * dropped, each pattern cleaned and made relative. {@code <Dockerfile>.dockerignore} beside the
 * Dockerfile wins over the context's {@code .dockerignore}.
 */
public final class DockerIgnore {
  private DockerIgnore() {}

  /** The patterns for a build of {@code dockerfile} with context {@code context}; empty if neither file exists. */
  public static List<String> forBuild(Path context, Path dockerfile) throws IOException {
    Path specific = dockerfile.resolveSibling(dockerfile.getFileName() + ".dockerignore");
    if (Files.isRegularFile(specific)) {
      return parse(Files.readString(specific));
    }
    Path general = context.resolve(".dockerignore");
    return Files.isRegularFile(general) ? parse(Files.readString(general)) : List.of();
  }

  public static List<String> parse(String text) {
    List<String> patterns = new ArrayList<>();
    for (String raw : text.split("\n", -1)) {
      String line = raw.startsWith("\uFEFF") ? raw.substring(1) : raw;
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = line.strip();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean exception = pattern.startsWith("!");
      if (exception) {
        pattern = pattern.substring(1).strip();
      }
      if (!pattern.isEmpty()) {
        pattern = UnixPaths.clean(pattern);
        if (pattern.length() > 1 && pattern.startsWith("/")) {
          pattern = pattern.substring(1);
        }
      }
      patterns.add(exception ? "!" + pattern : pattern);
    }
    return patterns;
  }
}
