package dev.strata.build.llb;

import com.google.protobuf.ByteString;
import dev.strata.build.llb.pb.Definition;
import dev.strata.build.llb.pb.Input;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import dev.strata.build.llb.pb.SourceOp;

/** Writes hand-made definitions, including broken ones, op by op. */
final class DefinitionWriter {
  private final Definition.Builder definition = Definition.newBuilder();

  /** Adds an op and returns its digest. */
  String add(Op op) {
    return addBytes(Deterministic.toBytes(op));
  }

  String add(Op op, String customName) {
    String digest = add(op);
    definition.putMetadata(digest,
        OpMetadata.newBuilder().putDescription(Vertex.CUSTOM_NAME, customName).build());
    return digest;
  }

  String addBytes(byte[] bytes) {
    definition.addDef(ByteString.copyFrom(bytes));
    return Digests.sha256(bytes);
  }

  /** Adds the terminal op pointing at output {@code index} of {@code digest}. */
  String addTerminal(String digest, long index) {
    return add(Op.newBuilder().addInputs(input(digest, index)).build());
  }

  byte[] bytes() {
    return Deterministic.toBytes(definition.build());
  }

  static Input input(String digest, long index) {
    return Input.newBuilder().setDigest(digest).setIndex(index).build();
  }

  static Op image(String ref) {
    return Op.newBuilder().setSource(SourceOp.newBuilder().setIdentifier("docker-image://" + ref)).build();
  }
}
