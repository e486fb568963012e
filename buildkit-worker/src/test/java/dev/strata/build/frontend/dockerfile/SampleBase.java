package dev.strata.build.frontend.dockerfile;

import dev.strata.build.llb.LlbSamples;
import dev.strata.build.llb.client.OciPlatform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The samples' base image, 127.0.0.1:5000/library/busybox:test, read from the stored registry data. */
final class SampleBase implements BaseImageResolver {
  static final String REF = "127.0.0.1:5000/library/busybox:test";
  static final String DIGEST = "sha256:2e70d15cd04dffe9f4b832ca709942e4079da45435ac68a95b1bf99997b4e273";
  private static final String CONFIG = "d1ea33375dc7136e6c177823eb7bd7a4b38b34d3ad4a2f1cbf0f635fcfc6a1cb";

  @Override
  public ResolvedBase resolve(String ref, OciPlatform platform) throws IOException {
    if (!ref.equals(REF)) {
      throw new NoSuchFileException(ref + ": not found");
    }
    Path blobs = LlbSamples.dir(LlbSamples.COPY_FROM).getParent()
        .resolve("registry-data/docker/registry/v2/blobs/sha256");
    return new ResolvedBase(DIGEST, Files.readAllBytes(blobs.resolve(CONFIG.substring(0, 2)).resolve(CONFIG).resolve("data")));
  }
}
