package dev.strata.build.solver;

import dev.strata.build.llb.Vertex;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.ContentKeyedOp;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.OpFactory;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

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

  /** A content-keyed local source whose content is what {@code content} answers at each read. */
  OpFactory local(Supplier<String> content) {
    return vertex -> new FakeContentOp(vertex.op().getSource().getIdentifier(), content);
  }

  private final class FakeContentOp extends FakeExecution implements ContentKeyedOp {
    private final Supplier<String> content;

    FakeContentOp(String label, Supplier<String> content) {
      super(label);
      this.content = content;
    }

    @Override
    public String contentKey(Session session) {
      return CacheKeys.of("fake content", content.get().getBytes(StandardCharsets.UTF_8), List.of());
    }
  }

  private final class FakeOp extends FakeExecution implements DefinitionKeyedOp {
    FakeOp(String label) {
      super(label);
    }

    @Override
    public String cacheKey(List<String> inputKeys) {
      return CacheKeys.of("fake", label.getBytes(StandardCharsets.UTF_8), inputKeys);
    }
  }

  /** Records its label, runs the behaviour registered for it, and commits an empty snapshot. */
  private abstract class FakeExecution {
    final String label;

    FakeExecution(String label) {
      this.label = label;
    }

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
