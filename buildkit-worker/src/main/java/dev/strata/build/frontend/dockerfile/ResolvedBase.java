package dev.strata.build.frontend.dockerfile;

import java.util.Objects;

/**
 * A base image: the digest its reference resolved to (pinned into the LLB, {@code sha256:...}) and
 * its image config JSON.
 */
public record ResolvedBase(String digest, byte[] config) {
  public ResolvedBase {
    Objects.requireNonNull(digest, "digest");
    config = config.clone();
  }

  @Override
  public byte[] config() {
    return config.clone();
  }
}
