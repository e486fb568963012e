package dev.strata.tests.build.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.VertexInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The benchmark's LLB has the shape its workloads promise: what could run in parallel does not depend on each other. */
class BenchDefinitionsTest {
    private static final String BASE = "127.0.0.1:5000/bench/busybox:1";

    @Test
    void parallelStagesRunsTwoExecsThatDoNotDependOnEachOther() {
        List<Vertex> execs = execs(BenchDefinitions.parallelStages(BASE).marshalBytes());

        assertEquals(2, execs.size());
        assertFalse(dependsOn(execs.get(0), execs.get(1)));
        assertFalse(dependsOn(execs.get(1), execs.get(0)));
    }

    @Test
    void runLayersChainsTwentyExecs() {
        List<Vertex> execs = execs(BenchDefinitions.runLayers(BASE).marshalBytes());

        assertEquals(BenchDefinitions.RUN_LAYERS, execs.size());
        for (int i = 1; i < execs.size(); i++) {
            assertEquals(execs.get(i - 1), execs.get(i).inputs().get(0).vertex());
        }
    }

    @Test
    void copyFilesCopiesFromTheContextLocalSource() {
        LlbDefinition definition = LlbDefinition.parse(BenchDefinitions.copyFiles(BASE).marshalBytes());

        assertEquals(Set.of("docker-image://" + BASE, "local://context"), definition.vertices().stream()
                .filter(vertex -> vertex.op().hasSource()).map(vertex -> vertex.op().getSource().getIdentifier())
                .collect(Collectors.toSet()));
    }

    private static List<Vertex> execs(byte[] definition) {
        return LlbDefinition.parse(definition).vertices().stream().filter(vertex -> vertex.op().hasExec()).toList();
    }

    private static boolean dependsOn(Vertex vertex, Vertex other) {
        Set<Vertex> seen = new HashSet<>();
        List<Vertex> pending = new ArrayList<>(List.of(vertex));
        while (!pending.isEmpty()) {
            Vertex next = pending.remove(pending.size() - 1);
            for (VertexInput input : next.inputs()) {
                if (input.vertex().equals(other)) {
                    return true;
                }
                if (seen.add(input.vertex())) {
                    pending.add(input.vertex());
                }
            }
        }
        return false;
    }
}
