package dev.strata.tests.build.solver;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.Owner;
import dev.strata.build.llb.client.State;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.file.FileOp;
import dev.strata.build.solver.ProgressEvent;
import dev.strata.build.solver.Solver;
import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.Info;
import dev.strata.tests.support.SnapshotViews;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File ops solved on the embedded OverlaySnapshotter with real overlayfs mounts. */
class FileOpSolveIntegrationTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1001::/home/app:/bin/sh\n";
  private static final String GROUP = "root:x:0:\napp:x:1001:\nstaff:x:50:\n";

  @TempDir Path dir;
  private OverlaySnapshotter snapshotter;
  private final Mounter mounter = new Mounter();
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  private final List<Solver> solvers = new ArrayList<>();

  @BeforeEach
  void open() {
    snapshotter = OverlaySnapshotter.open(dir.resolve("snapshots"));
  }

  @AfterEach
  void close() {
    solvers.forEach(Solver::close);
    snapshotter.close();
  }

  private Solver solver() {
    OpResolver resolver = OpResolver.builder().register(OpKind.FILE, FileOp.factory(FileDigestCache.create())).build();
    Solver solver =
        Solver.builder().snapshotter(snapshotter).resolver(resolver).root(dir.resolve("worker")).maxParallelism(2).build();
    solvers.add(solver);
    return solver;
  }

  private CommittedSnapshot solve(Solver solver, State state) {
    return solver.solve(LlbDefinition.parse(state.marshalBytes()), Session.EMPTY, events::add);
  }

  private void inspect(CommittedSnapshot snapshot, SnapshotViews.Body body) throws IOException {
    SnapshotViews.inspect(snapshotter, mounter, snapshot.name(), dir.resolve("inspect"), body);
  }

  private static State base() {
    return Llb.scratch()
        .file(
            FileAction.mkdir("/etc", 0755),
            FileAction.mkfile("/etc/passwd", 0644, PASSWD.getBytes(StandardCharsets.UTF_8)),
            FileAction.mkfile("/etc/group", 0644, GROUP.getBytes(StandardCharsets.UTF_8)));
  }

  private static State source() {
    return Llb.scratch()
        .file(
            FileAction.mkdir("/src/sub", 0700).makeParents(),
            FileAction.mkfile("/src/a.txt", 0600, "a".getBytes(StandardCharsets.UTF_8)),
            FileAction.mkfile("/src/b.log", 0644, "b".getBytes(StandardCharsets.UTF_8)),
            FileAction.mkfile("/src/sub/c.txt", 0644, "c".getBytes(StandardCharsets.UTF_8)),
            FileAction.symlink("a.txt", "/src/link"));
  }

  private static State build() {
    return base()
        .file(
            FileAction.mkdir("/data/deep", 0750).makeParents().owner(Owner.names("app", "staff")),
            FileAction.mkfile("/data/hello", 0640, "hi".getBytes(StandardCharsets.UTF_8)).owner(Owner.ids(7, 8)),
            FileAction.copy(source(), "/src", "/copied").dirCopyContents().createDestPath(),
            FileAction.copy(source(), "/src/*.txt", "/texts/").allowWildcard().createDestPath().owner(Owner.ids(5, 6)),
            FileAction.copy(source(), "/src", "/filtered").dirCopyContents().createDestPath().excludePatterns(List.of("*.log", "sub")),
            FileAction.copy(source(), "/src", "/included").dirCopyContents().createDestPath().includePatterns(List.of("sub/*.txt")),
            FileAction.copy(source(), "/src", "/moded").dirCopyContents().createDestPath().mode(0444),
            FileAction.symlink("../../../../../../..", "/up"),
            FileAction.mkdir("/up/escaped", 0755).makeParents(),
            FileAction.symlink("/outside-file", "/abs"),
            FileAction.mkfile("/abs", 0600, "inside".getBytes(StandardCharsets.UTF_8)),
            FileAction.mkfile("/gone", 0644, new byte[0]),
            FileAction.rm("/gone"),
            FileAction.rm("/never-there").allowNotFound());
  }

  @Test
  void fileOpsBuildTheTreeAndEveryWriteStaysInTheRoot() throws IOException {
    CommittedSnapshot result = solve(solver(), build());

    inspect(result, root -> {
      assertEquals(PASSWD, Files.readString(root.resolve("etc/passwd")));
      Path deep = root.resolve("data/deep");
      assertEquals(List.of(1000, 50, 0750), owner(deep));
      assertEquals(List.of(1000, 50, 0750), owner(root.resolve("data")));
      assertEquals(List.of(7, 8, 0640), owner(root.resolve("data/hello")));

      assertEquals("a", Files.readString(root.resolve("copied/a.txt")));
      assertEquals("c", Files.readString(root.resolve("copied/sub/c.txt")));
      assertEquals(0700, owner(root.resolve("copied/sub")).get(2));
      assertEquals(0600, owner(root.resolve("copied/a.txt")).get(2));
      assertEquals(Path.of("a.txt"), Files.readSymbolicLink(root.resolve("copied/link")));

      assertEquals(List.of("a.txt"), list(root.resolve("texts")));
      assertEquals(List.of(5, 6, 0600), owner(root.resolve("texts/a.txt")));
      assertEquals(List.of("a.txt", "link"), list(root.resolve("filtered")));
      assertEquals(List.of("sub"), list(root.resolve("included")));
      assertEquals(List.of("c.txt"), list(root.resolve("included/sub")));
      assertEquals(0444, owner(root.resolve("moded/b.log")).get(2));

      assertTrue(Files.isDirectory(root.resolve("escaped"), NOFOLLOW));
      assertEquals("inside", Files.readString(root.resolve("outside-file")));
      assertTrue(Files.isSymbolicLink(root.resolve("abs")));
      assertFalse(Files.exists(root.resolve("gone"), NOFOLLOW));
    });
    assertFalse(Files.exists(Path.of("/escaped")));
    assertFalse(Files.exists(Path.of("/outside-file")));
  }

  @Test
  void aCopyCommittedAsItIsSharesItsSourceInodesAndLaterChangesLeaveTheSourceAlone() throws IOException {
    State copied = base()
        .file(FileAction.copy(source(), "/src", "/copied").dirCopyContents().createDestPath())
        .file(FileAction.copy(source(), "/src/a.txt", "/etc/passwd"));
    CommittedSnapshot copy = solve(solver(), copied);
    CommittedSnapshot changed = solve(solver(), copied.file(
        FileAction.mkfile("/copied/a.txt", 0600, "changed".getBytes(StandardCharsets.UTF_8)),
        FileAction.rm("/copied/sub/c.txt")));
    CommittedSnapshot original = solve(solver(), source());
    Object copiedTime = modifiedIn(copy, "copied/sub/c.txt");

    inspect(copy, root -> {
      assertEquals("a", Files.readString(root.resolve("copied/a.txt")));
      assertEquals(List.of(0, 0, 0600), owner(root.resolve("copied/a.txt")));
      assertEquals(2, Files.getAttribute(root.resolve("copied/sub/c.txt"), "unix:nlink", NOFOLLOW));
      assertEquals("a", Files.readString(root.resolve("etc/passwd")));
    });
    inspect(changed, root -> {
      assertEquals("changed", Files.readString(root.resolve("copied/a.txt")));
      assertFalse(Files.exists(root.resolve("copied/sub/c.txt"), NOFOLLOW));
    });
    inspect(original, root -> {
      assertEquals("a", Files.readString(root.resolve("src/a.txt")));
      assertEquals("c", Files.readString(root.resolve("src/sub/c.txt")));
      assertEquals(Files.getLastModifiedTime(root.resolve("src/sub/c.txt")), copiedTime);
    });
  }

  private Object modifiedIn(CommittedSnapshot snapshot, String path) throws IOException {
    Object[] time = new Object[1];
    inspect(snapshot, root -> time[0] = Files.getLastModifiedTime(root.resolve(path)));
    return time[0];
  }

  @Test
  void aSecondSolveAndASolveAfterARestartExecuteNothing() {
    CommittedSnapshot first = solve(solver(), build());
    long executed = events.stream().filter(ProgressEvent.Started.class::isInstance).count();
    assertTrue(executed >= 2);

    events.clear();
    CommittedSnapshot second = solve(solver(), build());
    solvers.remove(0).close();
    CommittedSnapshot third = solve(solver(), build());

    assertEquals(first, second);
    assertEquals(first, third);
    assertTrue(events.stream().noneMatch(ProgressEvent.Started.class::isInstance), events.toString());
  }

  @Test
  void aFailedFileOpLeavesNoSnapshotBehind() {
    Solver solver = solver();
    State failing = base().file(FileAction.rm("/not-there"));
    solve(solver, base());
    List<Info> before = snapshots();

    org.junit.jupiter.api.Assertions.assertThrows(
        dev.strata.build.solver.SolveException.class, () -> solve(solver, failing));

    assertEquals(before, snapshots());
  }

  private List<Info> snapshots() {
    List<Info> all = new ArrayList<>();
    snapshotter.walk(List.of(), all::add);
    all.sort(java.util.Comparator.comparing(Info::name));
    return all;
  }

  private static List<Integer> owner(Path path) throws IOException {
    return List.of(
        (Integer) Files.getAttribute(path, "unix:uid", NOFOLLOW),
        (Integer) Files.getAttribute(path, "unix:gid", NOFOLLOW),
        ((Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW)) & 07777);
  }

  private static List<String> list(Path directory) throws IOException {
    try (var entries = Files.list(directory)) {
      return entries.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
