package dev.strata.build.ops.source;

import java.util.Map;
import java.util.Set;

/**
 * The attributes BuildKit's frontends set on a {@code docker-image://} source. {@code image.recordtype}
 * only labels BuildKit's cache records, so it is checked and has no other effect here.
 */
record ImageSourceAttributes(ResolveMode resolveMode) {
  static final String RESOLVE_MODE = "image.resolvemode";
  static final String RECORD_TYPE = "image.recordtype";
  private static final Set<String> RECORD_TYPES = Set.of("", "regular", "internal", "frontend");

  /** Where an image is looked for. */
  enum ResolveMode {
    /** The worker's image store, then the registry (BuildKit's default with an image store). */
    DEFAULT,
    /** Always the registry, so that a tag is resolved again (BuildKit's {@code pull}). */
    PULL,
    /** The worker's image store first, the registry only when it is not there (BuildKit's {@code local}). */
    LOCAL
  }

  /** @throws IllegalArgumentException naming an attribute with a value BuildKit would refuse */
  static ImageSourceAttributes parse(Map<String, String> attrs) {
    String recordType = attrs.getOrDefault(RECORD_TYPE, "");
    if (!RECORD_TYPES.contains(recordType)) {
      throw new IllegalArgumentException("failed to read " + RECORD_TYPE + ": invalid record type " + recordType);
    }
    String mode = attrs.getOrDefault(RESOLVE_MODE, "");
    return new ImageSourceAttributes(
        switch (mode) {
          case "", "default" -> ResolveMode.DEFAULT;
          case "pull" -> ResolveMode.PULL;
          case "local" -> ResolveMode.LOCAL;
          default -> throw new IllegalArgumentException(
              "failed to read " + RESOLVE_MODE + ": invalid resolve mode " + mode + " (default, pull or local)");
        });
  }
}
