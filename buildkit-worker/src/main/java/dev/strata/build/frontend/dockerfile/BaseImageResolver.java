package dev.strata.build.frontend.dockerfile;

import dev.strata.build.llb.client.OciPlatform;
import java.io.IOException;

/**
 * Finds the image a FROM (or COPY --from, RUN --mount from=) names: the image store or a registry
 * behind it. Called only for images the target needs, possibly from several threads.
 */
@FunctionalInterface
public interface BaseImageResolver {
  /**
   * @param ref a normalized reference, e.g. {@code docker.io/library/alpine:latest}
   * @throws IOException when the image cannot be found or read; the conversion fails at the line
   *     that names it
   */
  ResolvedBase resolve(String ref, OciPlatform platform) throws IOException;
}
