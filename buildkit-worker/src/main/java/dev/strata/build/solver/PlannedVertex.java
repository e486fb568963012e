package dev.strata.build.solver;

import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.Op;

/**
 * A vertex with its op implementation and cache key, as the {@link SolvePlanner} resolved them.
 *
 * @param name the custom name, or the digest when there is none
 */
record PlannedVertex(Vertex vertex, Op op, String cacheKey, String name) {

  boolean ignoreCache() {
    return vertex.metadata().getIgnoreCache();
  }
}
