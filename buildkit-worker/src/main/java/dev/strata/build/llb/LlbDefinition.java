package dev.strata.build.llb;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.strata.build.llb.InvalidDefinitionException.Problem;
import dev.strata.build.llb.pb.Definition;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A marshaled BuildKit {@code pb.Definition}, loaded into a checked, immutable vertex graph.
 *
 * <p>Each op is identified by the sha256 of its bytes exactly as they appear in the definition
 * (never of a re-marshaled op: another encoder may order or pack fields differently). The last
 * entry of the definition is the terminal op: it has no op body and its first input names the
 * build's result.
 */
public final class LlbDefinition {
  private final Definition definition;
  private final Map<String, Vertex> byDigest;
  private final List<Vertex> vertices;
  private final Vertex terminal;

  private LlbDefinition(Definition definition, LinkedHashMap<String, Vertex> linked, Vertex terminal) {
    this.definition = definition;
    this.byDigest = Map.copyOf(linked);
    this.vertices = List.copyOf(linked.values());
    this.terminal = terminal;
  }

  /** @throws InvalidDefinitionException if the bytes are not a loadable definition */
  public static LlbDefinition parse(byte[] bytes) {
    Definition definition;
    try {
      definition = Definition.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidDefinitionException(Problem.MALFORMED,
          "failed to load LLB definition: not a pb.Definition: " + e.getMessage(), e);
    }
    return load(definition);
  }

  public static LlbDefinition read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  /** Reads the stream to its end, e.g. {@code System.in}; does not close it. */
  public static LlbDefinition read(InputStream in) throws IOException {
    return parse(in.readAllBytes());
  }

  private static LlbDefinition load(Definition definition) {
    if (definition.getDefCount() == 0) {
      throw new InvalidDefinitionException(Problem.EMPTY,
          "failed to load LLB definition: it has no ops", null);
    }
    Map<String, OpMetadata> metadata = definition.getMetadataMap();
    LinkedHashMap<String, Op> ops = new LinkedHashMap<>();
    String last = null;
    for (ByteString bytes : definition.getDefList()) {
      last = Digests.sha256(bytes.toByteArray());
      ops.putIfAbsent(last, parseOp(last, bytes, metadata));
    }
    Op terminalOp = ops.get(last);
    if (terminalOp.getOpCase() != Op.OpCase.OP_NOT_SET || terminalOp.getInputsCount() == 0) {
      throw new InvalidDefinitionException(Problem.NO_TERMINAL, ref(last, metadata),
          "the last op must have inputs and no op body");
    }
    LinkedHashMap<String, Vertex> vertices = VertexGraph.link(ops, metadata, last);
    return new LlbDefinition(definition, vertices, vertices.get(last));
  }

  private static Op parseOp(String digest, ByteString bytes, Map<String, OpMetadata> metadata) {
    try {
      return Op.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw new InvalidDefinitionException(Problem.MALFORMED, ref(digest, metadata),
          "not a pb.Op: " + e.getMessage());
    }
  }

  private static OpRef ref(String digest, Map<String, OpMetadata> metadata) {
    return new OpRef(digest, Vertex.customName(metadata.getOrDefault(digest, OpMetadata.getDefaultInstance())));
  }

  /** Every op of the definition, each after its inputs; the terminal op is among them. */
  public List<Vertex> vertices() {
    return vertices;
  }

  public Optional<Vertex> vertex(String digest) {
    return Optional.ofNullable(byDigest.get(digest));
  }

  /** The last op of the definition, with no op body, pointing at the result. */
  public Vertex terminal() {
    return terminal;
  }

  /** What the definition builds: the terminal op's first input. */
  public VertexInput result() {
    return terminal.inputs().get(0);
  }

  /** The definition as parsed, e.g. for its source map. */
  public Definition definition() {
    return definition;
  }
}
