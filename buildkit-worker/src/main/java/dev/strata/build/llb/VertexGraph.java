package dev.strata.build.llb;

import dev.strata.build.llb.InvalidDefinitionException.Problem;
import dev.strata.build.llb.pb.Input;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Links ops keyed by digest into vertices, checking each op and each edge. Ops come out in
 * topological order (every vertex after its inputs), otherwise in the order given.
 */
final class VertexGraph {
  private final LinkedHashMap<String, Op> ops;
  private final Map<String, OpMetadata> metadata;
  private final String terminalDigest;
  private final LinkedHashMap<String, Vertex> linked = new LinkedHashMap<>();
  private final Set<String> inProgress = new HashSet<>();

  private VertexGraph(LinkedHashMap<String, Op> ops, Map<String, OpMetadata> metadata, String terminalDigest) {
    this.ops = ops;
    this.metadata = metadata;
    this.terminalDigest = terminalDigest;
  }

  /**
   * @param ops every op of the definition by digest, in definition order
   * @param metadata metadata by digest; ops without an entry get the default instance
   * @param terminalDigest the one op allowed to have no op body
   * @return the vertices by digest, in topological order
   */
  static LinkedHashMap<String, Vertex> link(
      LinkedHashMap<String, Op> ops, Map<String, OpMetadata> metadata, String terminalDigest) {
    VertexGraph graph = new VertexGraph(ops, metadata, terminalDigest);
    ops.forEach((digest, op) -> OpBodyCheck.check(graph.ref(digest), op, digest.equals(terminalDigest)));
    for (String digest : ops.keySet()) {
      graph.visit(digest);
    }
    return graph.linked;
  }

  private Vertex visit(String digest) {
    Vertex done = linked.get(digest);
    if (done != null) {
      return done;
    }
    if (!inProgress.add(digest)) {
      throw new InvalidDefinitionException(Problem.CYCLE, ref(digest), "op depends on itself");
    }
    Op op = ops.get(digest);
    List<VertexInput> inputs = new ArrayList<>(op.getInputsCount());
    for (Input input : op.getInputsList()) {
      inputs.add(resolve(digest, input));
    }
    inProgress.remove(digest);
    Vertex vertex = new Vertex(digest, op, metadataOf(digest), inputs);
    linked.put(digest, vertex);
    return vertex;
  }

  private VertexInput resolve(String user, Input input) {
    Op target = ops.get(input.getDigest());
    if (target == null) {
      throw new InvalidDefinitionException(Problem.MISSING_INPUT, ref(user),
          "input " + input.getDigest() + " names no op of the definition");
    }
    OptionalLong outputs = OpOutputs.count(target);
    long index = input.getIndex();
    if (index < 0 || index > Integer.MAX_VALUE || (outputs.isPresent() && index >= outputs.getAsLong())) {
      throw new InvalidDefinitionException(Problem.OUTPUT_OUT_OF_RANGE, ref(user),
          "input " + ref(input.getDigest()) + " has no output " + index);
    }
    return new VertexInput(visit(input.getDigest()), (int) index);
  }

  private OpMetadata metadataOf(String digest) {
    return metadata.getOrDefault(digest, OpMetadata.getDefaultInstance());
  }

  private OpRef ref(String digest) {
    return new OpRef(digest, Vertex.customName(metadataOf(digest)));
  }
}
