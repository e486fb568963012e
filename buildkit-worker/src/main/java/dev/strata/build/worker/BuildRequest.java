package dev.strata.build.worker;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.ops.Session;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One build as the user asked for it.
 *
 * @param definition the LLB to solve
 * @param session locals, secrets and entitlements for the ops
 * @param insecureRegistries registries ({@code HOST:PORT}) that may be reached over plain HTTP
 * @param outputs {@code --output} specs, in the order given, for the exporters
 */
public record BuildRequest(LlbDefinition definition, Session session, Set<String> insecureRegistries, List<String> outputs) {
  public BuildRequest {
    Objects.requireNonNull(definition, "definition");
    Objects.requireNonNull(session, "session");
    insecureRegistries = Set.copyOf(insecureRegistries);
    outputs = List.copyOf(outputs);
  }
}
