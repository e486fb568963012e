package dev.strata.build.llb.client;

import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.Digests;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import java.util.List;

/**
 * A marshaled op of a graph under construction: its bytes are fixed when it is made, since its
 * inputs already are.
 */
final class OpNode {
  private final byte[] bytes;
  private final String digest;
  private final OpMetadata metadata;
  private final List<OpNode> inputs;

  private OpNode(byte[] bytes, OpMetadata metadata, List<OpNode> inputs) {
    this.bytes = bytes;
    this.digest = Digests.sha256(bytes);
    this.metadata = metadata;
    this.inputs = List.copyOf(inputs);
  }

  /** @param inputs the nodes behind {@code op.getInputsList()}, in the same order */
  static OpNode of(Op op, OpMetadata metadata, List<OpNode> inputs) {
    return new OpNode(Deterministic.toBytes(op), metadata, inputs);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  String digest() {
    return digest;
  }

  OpMetadata metadata() {
    return metadata;
  }

  List<OpNode> inputs() {
    return inputs;
  }
}
