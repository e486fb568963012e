package dev.strata.build.llb.client;

import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.OpMetadata;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Metadata for one op: its description (including llb.customname, the name BuildKit shows in
 * progress output) and whether to ignore the cache. Metadata never changes an op's digest.
 */
public final class OpOptions {
  private static final OpOptions NONE = new OpOptions(Map.of(), false);

  private final Map<String, String> description;
  private final boolean ignoreCache;

  private OpOptions(Map<String, String> description, boolean ignoreCache) {
    this.description = Map.copyOf(description);
    this.ignoreCache = ignoreCache;
  }

  public static OpOptions none() {
    return NONE;
  }

  public static OpOptions named(String customName) {
    return NONE.describe(Vertex.CUSTOM_NAME, customName);
  }

  /** A copy with one more description entry (replacing any of the same key). */
  public OpOptions describe(String key, String value) {
    Map<String, String> more = new TreeMap<>(description);
    more.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new OpOptions(more, ignoreCache);
  }

  public OpOptions ignoringCache() {
    return new OpOptions(description, true);
  }

  OpMetadata toProto(Collection<String> caps) {
    OpMetadata.Builder metadata = OpMetadata.newBuilder().putAllDescription(description).setIgnoreCache(ignoreCache);
    caps.forEach(cap -> metadata.putCaps(cap, true));
    return metadata.build();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof OpOptions other && description.equals(other.description) && ignoreCache == other.ignoreCache;
  }

  @Override
  public int hashCode() {
    return Objects.hash(description, ignoreCache);
  }
}
