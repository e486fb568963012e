package dev.strata.build.solver;

import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.ContentSelector;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.Op;
import java.util.List;
import java.util.Map;

/**
 * A vertex with its op implementation and cache key, as the {@link SolvePlanner} resolved them.
 *
 * @param cacheKey the key from the definition and the inputs' keys, or from a content-keyed op's content
 * @param inputKeys the keys of the inputs as {@code cacheKey} took them, in input order
 * @param selectors the parts of inputs the op reads, by input index, for its content key
 * @param name the name progress shows ({@link VertexNames})
 */
record PlannedVertex(
    Vertex vertex,
    Op op,
    String cacheKey,
    List<String> inputKeys,
    Map<Integer, List<ContentSelector>> selectors,
    String name) {

  /**
   * The vertex's key were its inputs keyed by {@code keys} instead: a content-keyed op's stays
   * {@link #cacheKey}, as its inputs do not make it.
   */
  String cacheKeyOn(List<String> keys) {
    if (keys.equals(inputKeys) || !(op instanceof DefinitionKeyedOp keyed)) {
      return cacheKey;
    }
    return keyed.cacheKey(keys);
  }

  boolean ignoreCache() {
    return vertex.metadata().getIgnoreCache();
  }
}
