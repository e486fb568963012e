package dev.strata.build.solver;

import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.Op;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Ops that commit an empty snapshot and record that they ran. Images are keyed by reference, file ops
 * by their actions, merges by nothing but their inputs. A behaviour registered for a label runs first.
 */
final class FakeOps {
  /** What a fake op does before committing; it may block or throw. */
  interface Behaviour {
    void run() throws Exception;
  }

  final List<String> executed = new CopyOnWriteArrayList<>();
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();

  void on(String label, Behaviour behaviour) {
    behaviours.put(label, behaviour);
  }

  OpResolver.Builder resolver() {
    return OpResolver.builder()
        .register(OpKind.SOURCE_IMAGE, vertex -> new FakeOp(vertex.op().getSource().getIdentifier()))
        .register(OpKind.FILE, vertex -> new FakeOp(label(vertex)))
        .register(OpKind.MERGE, vertex -> new FakeOp("merge"));
  }

  private static String label(Vertex vertex) {
    return vertex.customName().orElse("file");
  }

  private final class FakeOp implements Op {
    private final String label;

    FakeOp(String label) {
      this.label = label;
    }

    @Override
    public String cacheKey(List<String> inputKeys) {
      return CacheKeys.of("fake", label.getBytes(StandardCharsets.UTF_8), inputKeys);
    }

    @Override
    public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception {
      executed.add(label);
      Behaviour behaviour = behaviours.get(label);
      if (behaviour != null) {
        behaviour.run();
      }
      String key = "active-" + UUID.randomUUID();
      String name = "committed-" + UUID.randomUUID();
      context.snapshotter().prepare(key, "", Map.of());
      context.snapshotter().commit(name, key, Map.of());
      return List.of(new CommittedSnapshot(name));
    }
  }
}
