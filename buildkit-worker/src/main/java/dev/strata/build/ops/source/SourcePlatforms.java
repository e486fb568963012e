package dev.strata.build.ops.source;

import dev.strata.build.image.Platform;
import dev.strata.build.llb.pb.Op;

/** The platform a source op asks for: the op's own, else the worker's. */
final class SourcePlatforms {
  private SourcePlatforms() {}

  static Platform of(Op op, Platform worker) {
    if (!op.hasPlatform()) {
      return worker;
    }
    dev.strata.build.llb.pb.Platform platform = op.getPlatform();
    String variant = platform.getVariant().isEmpty() ? null : platform.getVariant();
    return new Platform(platform.getArchitecture(), platform.getOS(), variant);
  }

  /** As OCI writes it: {@code os/arch[/variant]}. */
  static String format(Platform platform) {
    return platform.os() + "/" + platform.architecture() + (platform.variant() == null ? "" : "/" + platform.variant());
  }
}
