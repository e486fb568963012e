package dev.strata.build.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.LocalOptions;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.State;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.UnsupportedOpException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.testing.InMemorySnapshotter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SolverTest {
  private static final OciPlatform ARM64 = new OciPlatform("linux", "arm64", "");

  @TempDir Path root;
  private final InMemorySnapshotter snapshotter = new InMemorySnapshotter();
  private final FakeOps ops = new FakeOps();
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  private final List<Solver> solvers = new ArrayList<>();

  @AfterEach
  void closeSolvers() {
    solvers.forEach(Solver::close);
  }

  private Solver solver(int maxParallelism) {
    return solver(ops.resolver().build(), maxParallelism);
  }

  private Solver solver(OpResolver resolver, int maxParallelism) {
    Solver solver =
        Solver.builder().snapshotter(snapshotter).resolver(resolver).root(root).maxParallelism(maxParallelism).build();
    solvers.add(solver);
    return solver;
  }

  private CommittedSnapshot solve(Solver solver, State state) {
    return solver.solve(LlbDefinition.parse(state.marshalBytes()), Session.EMPTY, events::add);
  }

  private static LlbDefinition definition(State state) {
    return LlbDefinition.parse(state.marshalBytes());
  }

  private static void await(CountDownLatch latch) throws InterruptedException {
    if (!latch.await(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the other op never started");
    }
  }

  private long count(Class<? extends ProgressEvent> type) {
    return events.stream().filter(type::isInstance).count();
  }

  @Test
  void sameDefinitionGivesSameKeysAndADifferentInputChangesThem() {
    SolvePlanner planner = new SolvePlanner(ops.resolver().build());
    FileAction.Mkdir mkdir = FileAction.mkdir("/x", 0755);
    String onA = planner.plan(definition(Llb.image("a").file(mkdir)), Session.EMPTY).values().stream().reduce((x, y) -> y).orElseThrow().cacheKey();
    String onAAgain = planner.plan(definition(Llb.image("a").file(FileAction.mkdir("/x", 0755))), Session.EMPTY).values().stream().reduce((x, y) -> y).orElseThrow().cacheKey();
    String onB = planner.plan(definition(Llb.image("b").file(mkdir)), Session.EMPTY).values().stream().reduce((x, y) -> y).orElseThrow().cacheKey();
    assertEquals(onA, onAAgain);
    assertNotEquals(onA, onB);
  }

  @Test
  void aSecondSolveIsCachedEvenAfterARestart() {
    State state = Llb.merge(List.of(Llb.image("a"), Llb.image("b")));
    CommittedSnapshot first = solve(solver(2), state);
    CommittedSnapshot second = solve(solver(2), state);

    assertEquals(first, second);
    assertEquals(3, ops.executed.size());
    assertEquals(Kind.COMMITTED, snapshotter.stat(first.name()).kind());
  }

  @Test
  void aCachedVertexNeedsNoInputsWhichShowAsCachedToo() {
    Solver solver = solver(2);
    State state = Llb.merge(List.of(Llb.image("a"), Llb.image("b")));
    solve(solver, state);
    events.clear();

    solve(solver, state);

    assertEquals(0, count(ProgressEvent.Started.class));
    assertEquals(3, count(ProgressEvent.Cached.class));
  }

  @Test
  void ignoreCacheRunsTheVertexAgain() {
    Solver solver = solver(2);
    State state = Llb.image("a", OpOptions.none().ignoringCache());
    CommittedSnapshot first = solve(solver, state);
    CommittedSnapshot second = solve(solver, state);

    assertEquals(List.of("a", "a"), ops.executed.stream().map(label -> label.replace("docker-image://", "")).toList());
    assertNotEquals(first, second);
  }

  @Test
  void independentVerticesRunAtTheSameTime() {
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch bStarted = new CountDownLatch(1);
    ops.on("docker-image://a", () -> {
      aStarted.countDown();
      await(bStarted);
    });
    ops.on("docker-image://b", () -> {
      bStarted.countDown();
      await(aStarted);
    });

    solve(solver(2), Llb.merge(List.of(Llb.image("a"), Llb.image("b"))));

    assertEquals(3, ops.executed.size());
  }

  @Test
  void identicalVerticesRunOnce() {
    State image = Llb.image("a");
    FileAction.Mkdir mkdir = FileAction.mkdir("/x", 0755);
    State amd64 = image.file(mkdir);
    State arm64 = image.withPlatform(ARM64).file(mkdir);
    State merged = Llb.merge(List.of(amd64, arm64));
    assertEquals(5, definition(merged).vertices().size(), "image, two file ops that differ in platform only, merge, terminal");

    solve(solver(2), merged);

    assertEquals(1, ops.executed.stream().filter("file"::equals).count());
  }

  @Test
  void maxParallelismBoundsRunningOps() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch twoStarted = new CountDownLatch(2);
    List<State> images = new ArrayList<>();
    for (String name : List.of("a", "b", "c", "d")) {
      images.add(Llb.image(name));
      ops.on("docker-image://" + name, () -> {
        most.accumulateAndGet(running.incrementAndGet(), Math::max);
        twoStarted.countDown();
        await(twoStarted);
        Thread.sleep(20);
        running.decrementAndGet();
      });
    }

    solve(solver(2), Llb.merge(images));

    assertEquals(2, most.get());
  }

  @Test
  void aFailureStopsTheBuildAndCachesNothing() {
    ops.on("docker-image://bad", () -> {
      throw new IOException("boom");
    });
    Solver solver = solver(1);
    State state = Llb.merge(List.of(Llb.image("bad", OpOptions.named("the bad one")), Llb.image("x"), Llb.image("y")));

    SolveException error = assertThrows(SolveException.class, () -> solve(solver, state));

    assertEquals("the bad one", error.vertexName());
    assertInstanceOf(IOException.class, error.getCause());
    assertTrue(ops.executed.size() < 3, "nothing started after the failure: " + ops.executed);
    int failedAt = indexOf(ProgressEvent.Failed.class);
    assertTrue(events.subList(failedAt, events.size()).stream().noneMatch(ProgressEvent.Started.class::isInstance));
    assertEquals(ops.executed.size() - 1, solver.cacheIndex().entries().size());
  }

  @Test
  void aContentKeyedSourceIsCachedWhileItsContentStaysTheSame() {
    AtomicReference<String> content = new AtomicReference<>("v1");
    Solver solver = solver(ops.resolver().register(OpKind.SOURCE_LOCAL, ops.local(content::get)).build(), 1);
    State state = Llb.local("context", LocalOptions.defaults()).file(FileAction.mkdir("/x", 0755));

    CommittedSnapshot first = solve(solver, state);
    CommittedSnapshot second = solve(solver, state);
    content.set("v2");
    CommittedSnapshot third = solve(solver, state);

    assertEquals(first, second);
    assertNotEquals(first, third);
    assertEquals(List.of("local://context", "file", "local://context", "file"), ops.executed);
  }

  @Test
  void aContentKeyedSourceWhoseContentChangesWhileItRunsCachesNothing() {
    AtomicInteger reads = new AtomicInteger();
    Solver solver =
        solver(ops.resolver().register(OpKind.SOURCE_LOCAL, ops.local(() -> "v" + reads.incrementAndGet())).build(), 1);
    List<String> before = snapshotNames();

    SolveException error = assertThrows(SolveException.class, () -> solve(solver, Llb.local("context", LocalOptions.defaults())));

    assertInstanceOf(IOException.class, error.getCause());
    assertEquals(Map.of(), solver.cacheIndex().entries());
    assertEquals(before, snapshotNames());
  }

  private List<String> snapshotNames() {
    List<String> names = new ArrayList<>();
    snapshotter.walk(List.of(), info -> names.add(info.name()));
    return names;
  }

  private int indexOf(Class<? extends ProgressEvent> type) {
    for (int i = 0; i < events.size(); i++) {
      if (type.isInstance(events.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no " + type.getSimpleName() + " event in " + events);
  }

  @Test
  void anUnregisteredOpIsUnsupported() {
    Solver solver = solver(OpResolver.builder().build(), 1);

    SolveException error = assertThrows(SolveException.class, () -> solve(solver, Llb.image("a", OpOptions.named("pull a"))));

    assertEquals("pull a", error.vertexName());
    assertInstanceOf(UnsupportedOpException.class, error.getCause());
  }
}
