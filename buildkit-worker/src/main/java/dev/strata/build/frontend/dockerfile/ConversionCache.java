package dev.strata.build.frontend.dockerfile;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.strata.build.llb.client.OciPlatform;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The conversions of the last {@value #MAX_ENTRIES} requests, for a daemon that converts the same
 * Dockerfiles again and again. A request equal to a remembered one is answered from memory once the
 * base images that conversion resolved resolve to the same digests again: they are resolved at each
 * build, as BuildKit's frontend resolves its bases at each build (its default resolve mode asks the
 * registry for a tag), so a tag that moved converts anew. Safe for concurrent builds.
 */
public final class ConversionCache {
  private static final int MAX_ENTRIES = 64;

  private final Cache<ConvertRequest, Remembered> conversions = Caffeine.newBuilder().maximumSize(MAX_ENTRIES).build();

  /** {@code request} converted by {@link DockerfileFrontend} with {@code resolver}, or as it was last time. */
  public Conversion convert(ConvertRequest request, BaseImageResolver resolver) throws IOException {
    Remembered remembered = conversions.getIfPresent(request);
    if (remembered != null && remembered.basesUnchanged(resolver)) {
      return remembered.conversion();
    }
    Map<String, Resolution> resolutions = new ConcurrentHashMap<>();
    Conversion conversion = new DockerfileFrontend((ref, platform) -> {
      ResolvedBase base = resolver.resolve(ref, platform);
      resolutions.put(ref + " " + platform, new Resolution(ref, platform, base.digest()));
      return base;
    }).convert(request);
    conversions.put(request, new Remembered(List.copyOf(resolutions.values()), conversion));
    return conversion;
  }

  private record Resolution(String ref, OciPlatform platform, String digest) {}

  private record Remembered(List<Resolution> resolutions, Conversion conversion) {
    /**
     * Whether every base resolves to the digest it had; a base that fails to resolve now is a change:
     * converting again reports it at its line.
     */
    boolean basesUnchanged(BaseImageResolver resolver) {
      try {
        for (Resolution resolution : resolutions) {
          if (!resolver.resolve(resolution.ref(), resolution.platform()).digest().equals(resolution.digest())) {
            return false;
          }
        }
        return true;
      } catch (IOException e) {
        return false;
      }
    }
  }
}
