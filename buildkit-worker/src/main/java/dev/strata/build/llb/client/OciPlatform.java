package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.Platform;
import java.util.Objects;

/** The platform an op runs for, as OCI names it (os, architecture, optional variant). */
public record OciPlatform(String os, String architecture, String variant) {
  public static final OciPlatform LINUX_AMD64 = new OciPlatform("linux", "amd64", "");

  public OciPlatform {
    Objects.requireNonNull(os, "os");
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(variant, "variant");
  }

  Platform toProto() {
    return Platform.newBuilder().setOS(os).setArchitecture(architecture).setVariant(variant).build();
  }
}
