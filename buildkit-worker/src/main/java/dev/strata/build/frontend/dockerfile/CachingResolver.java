package dev.strata.build.frontend.dockerfile;

import dev.strata.build.llb.client.OciPlatform;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Resolves each reference and platform once per conversion. */
final class CachingResolver {
  private final BaseImageResolver resolver;
  private final Map<String, ResolvedBase> resolved = new HashMap<>();

  CachingResolver(BaseImageResolver resolver) {
    this.resolver = resolver;
  }

  ResolvedBase resolve(String ref, OciPlatform platform) throws IOException {
    String key = ref + " " + platform;
    ResolvedBase base = resolved.get(key);
    if (base == null) {
      base = resolver.resolve(ref, platform);
      resolved.put(key, base);
    }
    return base;
  }
}
