package dev.strata.tests.build.sources;

import dev.strata.build.llb.Digests;
import dev.strata.build.llb.pb.Definition;
import dev.strata.build.llb.pb.Input;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.SourceOp;
import java.util.Map;

/** LLB definitions of one source op, for the schemes the Java builder does not write (oci-layout, http). */
final class SourceDefinitions {
  private SourceDefinitions() {}

  static byte[] source(String identifier, Map<String, String> attrs) {
    byte[] source = Op.newBuilder()
        .setSource(SourceOp.newBuilder().setIdentifier(identifier).putAllAttrs(attrs))
        .build().toByteArray();
    byte[] terminal = Op.newBuilder()
        .addInputs(Input.newBuilder().setDigest(Digests.sha256(source)).setIndex(0))
        .build().toByteArray();
    return Definition.newBuilder()
        .addDef(com.google.protobuf.ByteString.copyFrom(source))
        .addDef(com.google.protobuf.ByteString.copyFrom(terminal))
        .build().toByteArray();
  }
}
