package dev.strata.tests.build.execop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.exec.ExecFailedException;
import dev.strata.build.exec.ExecutorConfig;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.ExecBuilder;
import dev.strata.build.llb.client.ExecMount;
import dev.strata.build.llb.client.ExecState;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.State;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.llb.pb.SecurityMode;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.exec.ExecOps;
import dev.strata.build.solver.ProgressEvent;
import dev.strata.build.solver.SolveException;
import dev.strata.build.solver.Solver;
import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.NotFoundException;
import dev.strata.tests.build.exec.BusyboxRootfs;
import dev.strata.tests.support.Mounts;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotViews;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Exec ops solved through the Solver on the embedded OverlaySnapshotter with Debian's runc, on a busybox
 * root snapshot that a test-only image source op hands out. Needs root. After every test nothing may
 * stay mounted in the worker's directories.
 */
class ExecOpSolveIntegrationTest {
  private static final String BASE = "busybox-base";
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private ScratchDirectory scratch;
  private OverlaySnapshotter snapshotter;
  private final Mounter mounter = new Mounter();
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  private final List<Solver> solvers = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    scratch = ScratchDirectory.create("strata-execop-");
    snapshotter = OverlaySnapshotter.open(scratch.directory("snapshots"));
    BusyboxRootfs.commit(snapshotter, mounter, scratch.directory("base-mount"), BASE);
  }

  @AfterEach
  void close() throws IOException {
    try {
      solvers.forEach(Solver::close);
      assertEquals(List.of(), Mounts.under(scratch.path()), "mounts left behind");
    } finally {
      Mounts.unmountAll(scratch.path());
      snapshotter.close();
      scratch.close();
    }
  }

  /** A solver on the shared snapshotter and worker root, with a fresh ExecOps on the same cache root. */
  private Solver solver() throws IOException {
    ExecOps execs = new ExecOps(ExecutorConfig.defaults(scratch.directory("executor")), scratch.directory("caches"));
    OpResolver resolver = OpResolver.builder()
        .register(OpKind.SOURCE_IMAGE, vertex -> new BusyboxSource())
        .register(OpKind.EXEC, execs.factory())
        .build();
    Solver solver = Solver.builder().snapshotter(snapshotter).resolver(resolver).root(scratch.directory("worker"))
        .maxParallelism(2).build();
    solvers.add(solver);
    return solver;
  }

  /** Every image reference resolves to the busybox snapshot the test committed, which it owns. */
  private static final class BusyboxSource implements DefinitionKeyedOp {
    @Override
    public String cacheKey(List<String> inputKeys) {
      return CacheKeys.of("test.busybox", new byte[0], inputKeys);
    }

    @Override
    public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) {
      return List.of(new CommittedSnapshot(BASE));
    }
  }

  private static State busybox() {
    return Llb.image("busybox");
  }

  private CommittedSnapshot solve(Solver solver, State state, Session session) {
    return solver.solve(LlbDefinition.parse(state.marshalBytes()), session, events::add);
  }

  private CommittedSnapshot solve(Solver solver, State state) {
    return solve(solver, state, Session.EMPTY);
  }

  private void inspect(CommittedSnapshot snapshot, SnapshotViews.Body body) throws IOException {
    SnapshotViews.inspect(snapshotter, mounter, snapshot.name(), scratch.directory("inspect"), body);
  }

  private String read(CommittedSnapshot snapshot, String path) throws IOException {
    StringBuilder content = new StringBuilder();
    inspect(snapshot, root -> content.append(Files.readString(root.resolve(path))));
    return content.toString();
  }

  private List<String> logLines() {
    return events.stream().filter(ProgressEvent.Log.class::isInstance).map(e -> ((ProgressEvent.Log) e).line()).toList();
  }

  @Test
  void aRunWritesItsRootOutputWithEnvCwdAndUserAndStreamsItsOutput() throws IOException {
    State state = busybox().run(ExecBuilder.shell("echo hello; echo \"$GREETING $(pwd) $(id -u):$(id -g)\" > /tmp-out")
        .env("GREETING", "hi").cwd("/work/dir").user("root")).root()
        .run(ExecBuilder.shell("id -u > /home/alice-id; cat /tmp-out > /home/seen").user("alice").cwd("/home")).root();

    CommittedSnapshot result = solve(solver(), state);

    assertEquals("hi /work/dir 0:0\n", read(result, "tmp-out"));
    assertEquals("1000\n", read(result, "home/alice-id"));
    inspect(result, root -> {
      assertTrue(Files.isDirectory(root.resolve("work/dir")), "a missing cwd is created in the layer");
      assertFalse(Files.exists(root.resolve("etc/hosts"), NOFOLLOW), "no mount stub stays in the layer");
      assertFalse(Files.exists(root.resolve("etc/resolv.conf"), NOFOLLOW), "no mount stub stays in the layer");
    });
    assertTrue(logLines().contains("hello"), logLines().toString());
  }

  @Test
  void aReadOnlyBindIsReadableButNotWritableAndAWritableBindIsAnOutput() throws IOException {
    State data = busybox().run(ExecBuilder.shell("mkdir -p /data/sub && echo input > /data/sub/file")).root();
    ExecState exec = busybox().run(ExecBuilder.shell(
            "cat /ro/data/sub/file > /out/copied; cat /sel/file > /out/selected;"
                + " (echo x > /ro/data/new) 2>/dev/null || echo refused > /out/ro-write;"
                + " echo throwaway > /scratchpad/file")
        .mount(ExecMount.bind("/ro", data).readonly())
        .mount(ExecMount.bind("/sel", data).readonly().selector("/data/sub"))
        .mount(ExecMount.bind("/out", Llb.scratch()))
        .mount(ExecMount.bind("/scratchpad", data).noOutput()));

    Solver solver = solver();
    CommittedSnapshot out = solve(solver, exec.mount("/out"));
    CommittedSnapshot root = solve(solver, exec.root());

    assertEquals("input\n", read(out, "copied"));
    assertEquals("input\n", read(out, "selected"));
    assertEquals("refused\n", read(out, "ro-write"));
    inspect(root, r -> {
      for (String stub : List.of("ro", "sel", "out", "scratchpad")) {
        assertFalse(Files.exists(r.resolve(stub), NOFOLLOW), stub + " stays in the root layer");
      }
    });
    CommittedSnapshot dataSnapshot = solve(solver, data);
    inspect(dataSnapshot, r -> assertFalse(Files.exists(r.resolve("scratchpad"), NOFOLLOW)));
    assertFalse(read(dataSnapshot, "data/sub/file").contains("throwaway"));
  }

  @Test
  void aCacheMountPersistsAcrossSolvesAndAcrossANewSolverAndMayBeReadOnly() throws IOException {
    ExecMount cache = ExecMount.cache("/cache", "shared-cache", CacheSharingOpt.SHARED);
    Solver solver = solver();
    solve(solver, busybox().run(ExecBuilder.shell("echo first >> /cache/log").mount(cache)).root());
    CommittedSnapshot second = solve(solver,
        busybox().run(ExecBuilder.shell("echo second >> /cache/log; cat /cache/log > /seen")
            .mount(ExecMount.cache("/cache", "shared-cache", CacheSharingOpt.SHARED))).root());
    solvers.remove(0).close();
    CommittedSnapshot third = solve(solver(),
        busybox().run(ExecBuilder.shell("cat /cache/log > /seen-after-restart; (echo x >> /cache/log) 2>/dev/null || echo refused > /ro")
            .mount(ExecMount.cache("/cache", "shared-cache", CacheSharingOpt.SHARED).readonly())).root());

    assertEquals("first\nsecond\n", read(second, "seen"));
    assertEquals("first\nsecond\n", read(third, "seen-after-restart"));
    assertEquals("refused\n", read(third, "ro"), "a read-only cache mount is not writable");
    inspect(third, r -> assertFalse(Files.exists(r.resolve("cache"), NOFOLLOW), "the cache is not in the layer"));
  }

  @Test
  void aLockedCacheSerializesTwoConcurrentExecs() throws Exception {
    Solver solver = solver();
    List<CompletableFuture<CommittedSnapshot>> runs = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      State state = busybox().run(ExecBuilder.shell("echo start-" + name + " >> /cache/log; sleep 1; echo end-" + name + " >> /cache/log")
          .mount(ExecMount.cache("/cache", "locked-cache", CacheSharingOpt.LOCKED))).root();
      runs.add(CompletableFuture.supplyAsync(() -> solve(solver, state)));
    }
    runs.forEach(CompletableFuture::join);
    CommittedSnapshot log = solve(solver, busybox().run(ExecBuilder.shell("cat /cache/log > /log")
        .mount(ExecMount.cache("/cache", "locked-cache", CacheSharingOpt.LOCKED))).root());

    List<String> lines = List.of(read(log, "log").split("\n"));
    assertEquals(4, lines.size(), lines.toString());
    assertEquals(lines.get(0).replace("start", "end"), lines.get(1), "one exec ended before the other started: " + lines);
    assertEquals(lines.get(2).replace("start", "end"), lines.get(3), lines.toString());
  }

  @Test
  void aTmpfsMountIsATmpfsOfTheGivenSizeAndLeavesNothingInTheLayer() throws IOException {
    CommittedSnapshot result = solve(solver(), busybox().run(ExecBuilder.shell(
            "grep ' /scratch tmpfs ' /proc/mounts | grep -o 'size=[0-9]*k' > /mounted; echo x > /scratch/file")
        .mount(ExecMount.tmpfs("/scratch", 4L << 20))).root());

    assertEquals("size=4096k\n", read(result, "mounted"));
    inspect(result, r -> assertFalse(Files.exists(r.resolve("scratch"), NOFOLLOW)));
  }

  @Test
  void aSecretIsReadableInTheRunButAbsentFromTheOutput() throws IOException {
    Path secret = Files.writeString(scratch.resolve("token.txt"), "s3cret");
    Session session = new Session(Map.of(), Map.of("token", secret), Set.of());
    State state = busybox().run(ExecBuilder.shell("cat /run/secrets/token > /copied; stat -c '%a %u:%g' /run/secrets/token > /meta")
        .mount(ExecMount.secret("/run/secrets/token", "token").secretOwner(1000, 1000, 0440))
        .mount(ExecMount.secret("/run/secrets/missing", "missing").optional())).root();

    CommittedSnapshot result = solve(solver(), state, session);

    assertEquals("s3cret", read(result, "copied"));
    assertEquals("440 1000:1000\n", read(result, "meta"));
    inspect(result, r -> assertFalse(Files.exists(r.resolve("run"), NOFOLLOW), "no trace of the secret mount"));

    State required = busybox().run(ExecBuilder.shell("true").mount(ExecMount.secret("/run/secrets/missing", "missing"))).root();
    SolveException missing = assertThrows(SolveException.class, () -> solve(solvers.get(0), required, session));
    assertInstanceOf(NotFoundException.class, missing.getCause());
  }

  @Test
  void aFailingRunReportsItsExitCodeAndLastLinesAndLeavesNothing() throws IOException {
    Solver solver = solver();
    solve(solver, busybox());
    List<Info> before = snapshots();
    State failing = busybox().run(ExecBuilder.shell("echo one; echo two; touch /made; exit 3")
        .mount(ExecMount.bind("/out", Llb.scratch()))).root();

    SolveException first = assertThrows(SolveException.class, () -> solve(solver, failing));
    ExecFailedException failure = assertInstanceOf(ExecFailedException.class, first.getCause());
    assertEquals(3, failure.exitCode());
    assertEquals(List.of("one", "two"), failure.lastLines());
    assertEquals(before, snapshots());

    events.clear();
    assertThrows(SolveException.class, () -> solve(solver, failing));
    assertTrue(events.stream().anyMatch(ProgressEvent.Started.class::isInstance), "the failure was not cached");
  }

  @Test
  void insecureModeIsRefusedWithoutTheEntitlement() throws IOException {
    Solver solver = solver();
    solve(solver, busybox());
    List<Info> before = snapshots();

    SolveException refused = assertThrows(SolveException.class,
        () -> solve(solver, busybox().run(ExecBuilder.shell("true").security(SecurityMode.INSECURE)).root()));

    assertInstanceOf(FailedPreconditionException.class, refused.getCause());
    assertEquals(before, snapshots());
  }

  private List<Info> snapshots() {
    List<Info> all = new ArrayList<>();
    snapshotter.walk(List.of(), all::add);
    all.sort(Comparator.comparing(Info::name));
    return all;
  }
}
