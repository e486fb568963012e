package dev.strata.build.llb.client;

import com.google.protobuf.ByteString;
import dev.strata.build.llb.pb.Definition;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the graph behind a state as BuildKit does: each op once, after its inputs (depth-first),
 * then the terminal op; metadata of an op reached more than once is merged, later keys winning.
 */
final class DefinitionMarshaller {
  private final Map<String, byte[]> ops = new LinkedHashMap<>();
  private final Map<String, OpMetadata> metadata = new TreeMap<>();

  private DefinitionMarshaller() {}

  static Definition marshal(State state) {
    if (state.isScratch()) {
      return Definition.getDefaultInstance();
    }
    DefinitionMarshaller marshaller = new DefinitionMarshaller();
    marshaller.visit(state.node());
    return marshaller.withTerminal(state);
  }

  private void visit(OpNode node) {
    metadata.merge(node.digest(), node.metadata(), DefinitionMarshaller::merged);
    if (ops.containsKey(node.digest())) {
      return;
    }
    node.inputs().forEach(this::visit);
    ops.put(node.digest(), node.bytes());
  }

  private Definition withTerminal(State state) {
    OpMetadata.Builder terminalMetadata = OpMetadata.newBuilder()
        .putCaps(Caps.CONSTRAINTS, true)
        .putCaps(Caps.PLATFORM, true);
    for (OpMetadata op : metadata.values()) {
      if (op.getIgnoreCache()) {
        terminalMetadata.putCaps(Caps.META_IGNORE_CACHE, true);
      }
      if (op.getDescriptionCount() > 0) {
        terminalMetadata.putCaps(Caps.META_DESCRIPTION, true);
      }
    }
    OpNode terminal = OpNode.of(Op.newBuilder().addInputs(state.toInput()).build(),
        terminalMetadata.build(), List.of(state.node()));
    Definition.Builder definition = Definition.newBuilder();
    ops.values().forEach(bytes -> definition.addDef(ByteString.copyFrom(bytes)));
    definition.addDef(ByteString.copyFrom(terminal.bytes()));
    metadata.forEach(definition::putMetadata);
    definition.putMetadata(terminal.digest(), terminal.metadata());
    return definition.build();
  }

  private static OpMetadata merged(OpMetadata earlier, OpMetadata later) {
    return earlier.toBuilder()
        .putAllDescription(later.getDescriptionMap())
        .putAllCaps(later.getCapsMap())
        .setIgnoreCache(earlier.getIgnoreCache() || later.getIgnoreCache())
        .build();
  }
}
