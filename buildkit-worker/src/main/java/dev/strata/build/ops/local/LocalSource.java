package dev.strata.build.ops.local;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.llb.pb.SourceOp;
import java.util.List;
import java.util.Map;

/**
 * What a {@code local://NAME} source asks for, read from its attributes as BuildKit's local source
 * reads them: JSON arrays of include patterns, exclude patterns and follow paths. The transfer hints
 * ({@code local.sharedkeyhint}, {@code local.unique}, {@code local.differ}, {@code local.session})
 * only steer how BuildKit reuses an earlier transfer; they do not change what arrives, so they are
 * accepted and do not count.
 *
 * @param name the NAME of {@code --local NAME=DIR}
 */
record LocalSource(String name, List<String> includePatterns, List<String> excludePatterns, List<String> followPaths) {
  static final String SCHEME = "local://";
  static final String INCLUDE_PATTERNS = "local.includepattern";
  static final String EXCLUDE_PATTERNS = "local.excludepatterns";
  static final String FOLLOW_PATHS = "local.followpaths";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  /**
   * Reads {@code source}'s identifier and attributes.
   *
   * @throws IllegalArgumentException naming the attribute that is not a JSON array of strings
   */
  static LocalSource of(SourceOp source) {
    String identifier = source.getIdentifier();
    if (!identifier.startsWith(SCHEME) || identifier.length() == SCHEME.length()) {
      throw new IllegalArgumentException("failed to read local source " + identifier + ": not local://NAME");
    }
    Map<String, String> attrs = source.getAttrsMap();
    return new LocalSource(
        identifier.substring(SCHEME.length()),
        strings(attrs, INCLUDE_PATTERNS),
        strings(attrs, EXCLUDE_PATTERNS),
        strings(attrs, FOLLOW_PATHS));
  }

  private static List<String> strings(Map<String, String> attrs, String attribute) {
    String value = attrs.get(attribute);
    if (value == null) {
      return List.of();
    }
    try {
      List<String> strings = JSON.readValue(value, STRINGS);
      return strings == null ? List.of() : List.copyOf(strings);
    } catch (JsonProcessingException | NullPointerException e) {
      throw new IllegalArgumentException(
          "failed to read " + attribute + " of a local source: not a JSON array of strings: " + value, e);
    }
  }
}
