package dev.strata.build.solver;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.VertexInput;
import dev.strata.build.ops.ContentKeyedOp;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.InputContentSelecting;
import dev.strata.build.ops.Op;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.ContentSelector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves the op of every vertex the result depends on and computes their cache keys, inputs first.
 * Nothing executes; the only I/O is a {@link ContentKeyedOp}'s reading of its content (a local
 * source's directory) for its key.
 */
final class SolvePlanner {
  private final OpResolver resolver;

  SolvePlanner(OpResolver resolver) {
    this.resolver = resolver;
  }

  /**
   * Returns the planned vertices that {@code definition}'s result depends on, keyed by digest, each
   * after its inputs.
   *
   * @param session where content-keyed ops find their content
   * @throws SolveException naming the vertex whose op is not supported or whose content is unreadable
   */
  Map<String, PlannedVertex> plan(LlbDefinition definition, Session session) {
    Map<String, PlannedVertex> planned = new LinkedHashMap<>();
    Map<String, Boolean> needed = new HashMap<>();
    markNeeded(definition.result().vertex(), needed);
    for (Vertex vertex : definition.vertices()) {
      if (!needed.containsKey(vertex.digest())) {
        continue;
      }
      String name = VertexNames.of(vertex, input -> planned.get(input.digest()).name());
      List<String> inputKeys = new ArrayList<>();
      for (VertexInput input : vertex.inputs()) {
        inputKeys.add(inputKey(planned.get(input.vertex().digest()).cacheKey(), input.index()));
      }
      try {
        Op op = resolver.resolve(vertex);
        String key = key(op, inputKeys, session);
        Map<Integer, List<ContentSelector>> selectors =
            op instanceof InputContentSelecting selecting ? Map.copyOf(selecting.contentSelectors()) : Map.of();
        planned.put(vertex.digest(), new PlannedVertex(vertex, op, key, List.copyOf(inputKeys), selectors, name));
      } catch (IOException | RuntimeException e) {
        throw new SolveException(vertex.digest(), name, e);
      }
    }
    return planned;
  }

  /** The op's key, of the one kind {@link Op} permits it. */
  private static String key(Op op, List<String> inputKeys, Session session) throws IOException {
    if (op instanceof ContentKeyedOp keyed) {
      return keyed.contentKey(session);
    }
    return ((DefinitionKeyedOp) op).cacheKey(inputKeys);
  }

  /** The key of one output of a vertex, as its consumers see it. */
  static String inputKey(String vertexKey, int output) {
    return vertexKey + "#" + output;
  }

  private static void markNeeded(Vertex vertex, Map<String, Boolean> needed) {
    if (needed.putIfAbsent(vertex.digest(), Boolean.TRUE) == null) {
      for (VertexInput input : vertex.inputs()) {
        markNeeded(input.vertex(), needed);
      }
    }
  }
}
