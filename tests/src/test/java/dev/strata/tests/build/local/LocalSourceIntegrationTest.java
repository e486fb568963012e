package dev.strata.tests.build.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.layer.Posix;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.LocalOptions;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.State;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.file.FileOp;
import dev.strata.build.ops.local.LocalSourceOp;
import dev.strata.build.ops.local.UnknownLocalException;
import dev.strata.build.solver.ProgressEvent;
import dev.strata.build.solver.SolveException;
import dev.strata.build.solver.Solver;
import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.tests.support.FileTreeListing;
import dev.strata.tests.support.SnapshotViews;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** local:// sources and content-keyed copies from them, solved on the OverlaySnapshotter with real mounts. */
class LocalSourceIntegrationTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final FileTime MTIME = FileTime.from(Instant.parse("2020-02-02T02:02:02Z"));

  @TempDir Path dir;
  private Path context;
  private Session session;
  private OverlaySnapshotter snapshotter;
  private final Mounter mounter = new Mounter();
  private final List<ProgressEvent> events = new CopyOnWriteArrayList<>();
  private final List<Solver> solvers = new ArrayList<>();

  @BeforeEach
  void open() throws IOException {
    snapshotter = OverlaySnapshotter.open(dir.resolve("snapshots"));
    context = Files.createDirectories(dir.resolve("context"));
    Files.createDirectories(context.resolve("src/pkg"));
    Files.createDirectories(context.resolve("docs"));
    write("src/main.go", "package main");
    write("src/pkg/util.go", "package pkg");
    write("src/main_test.go", "package main // test");
    write("docs/guide.md", "guide");
    write("docs/keep.md", "keep");
    write("README.md", "readme");
    write("debug.log", "log");
    Files.setPosixFilePermissions(context.resolve("src/main.go"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(context.resolve("src/main.go"), MTIME);
    Files.createSymbolicLink(context.resolve("src/link"), Path.of("main.go"));
    Files.walk(context).forEach(path -> chown(path, 1000, 1000));
    session = new Session(Map.of("context", context), Map.of(), Set.of());
  }

  @AfterEach
  void close() {
    solvers.forEach(Solver::close);
    snapshotter.close();
  }

  private void write(String path, String content) throws IOException {
    Files.writeString(context.resolve(path), content);
  }

  private static void chown(Path path, int uid, int gid) {
    try {
      Files.setAttribute(path, "unix:uid", uid, NOFOLLOW);
      Files.setAttribute(path, "unix:gid", gid, NOFOLLOW);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private Solver solver() {
    return solver(FileDigestCache.create());
  }

  private Solver solver(FileDigestCache fileDigests) {
    return solver(fileDigests, dir.resolve("worker"));
  }

  private Solver solver(FileDigestCache fileDigests, Path root) {
    OpResolver resolver =
        OpResolver.builder()
            .register(OpKind.FILE, FileOp.factory(fileDigests))
            .register(OpKind.SOURCE_LOCAL, LocalSourceOp.factory(fileDigests))
            .build();
    Solver solver =
        Solver.builder()
            .snapshotter(snapshotter)
            .resolver(resolver)
            .fileDigests(fileDigests)
            .root(root)
            .maxParallelism(2)
            .build();
    solvers.add(solver);
    return solver;
  }

  private CommittedSnapshot solve(Solver solver, State state) {
    events.clear();
    return solver.solve(LlbDefinition.parse(state.marshalBytes()), session, events::add);
  }

  private void inspect(CommittedSnapshot snapshot, SnapshotViews.Body body) throws IOException {
    SnapshotViews.inspect(snapshotter, mounter, snapshot.name(), dir.resolve("inspect"), body);
  }

  private static List<Object> owner(Path path) throws IOException {
    return List.of(
        Files.getAttribute(path, "unix:uid", NOFOLLOW),
        Files.getAttribute(path, "unix:gid", NOFOLLOW),
        (Integer) Files.getAttribute(path, "unix:mode", NOFOLLOW) & 07777);
  }

  /** What happened to the vertex named {@code name} in the last solve. */
  private List<Class<?>> eventsOf(String name) {
    return events.stream()
        .filter(event -> event.name().equals(name))
        .filter(event -> !(event instanceof ProgressEvent.Log))
        .<Class<?>>map(Object::getClass)
        .toList();
  }

  private long started() {
    return events.stream().filter(ProgressEvent.Started.class::isInstance).count();
  }

  private static State contextSource() {
    return Llb.local(
        "context",
        LocalOptions.defaults().withExcludePatterns(List.of("*.log", "docs", "!docs/keep.md")).withSharedKeyHint("context"),
        OpOptions.named("load context"));
  }

  private static State copyOfSources() {
    return Llb.scratch()
        .file(
            OpOptions.named("copy src"),
            FileAction.copy(contextSource(), "/src", "/app").dirCopyContents().createDestPath().excludePatterns(List.of("*_test.go")));
  }

  @Test
  void aLocalSourceCopiesWhatItsPatternsSelectOwnedByRootWithModesAndTimes() throws IOException {
    CommittedSnapshot result = solve(solver(), contextSource());

    inspect(result, root -> {
      assertEquals("package main", Files.readString(root.resolve("src/main.go")));
      assertEquals(List.of(0, 0, 0750), owner(root.resolve("src/main.go")));
      assertEquals(MTIME, Files.getLastModifiedTime(root.resolve("src/main.go")));
      assertEquals(List.of(0, 0, 0755), owner(root.resolve("src/pkg")));
      assertEquals(Path.of("main.go"), Files.readSymbolicLink(root.resolve("src/link")));
      assertEquals("keep", Files.readString(root.resolve("docs/keep.md")));
      assertFalse(Files.exists(root.resolve("docs/guide.md")));
      assertFalse(Files.exists(root.resolve("debug.log")));
      assertTrue(Files.exists(root.resolve("README.md")));
    });
  }

  @Test
  @Timeout(120)
  void aFifoAndADeviceNodeInTheContextAreMadeAgainByTheSourceAndACopyOfIt() throws IOException {
    Posix.mknod(context.resolve("src/fifo"), 0010000 | 0640, 0);
    Posix.mknod(context.resolve("src/null"), 0020000 | 0600, Posix.makedev(1, 3));

    CommittedSnapshot result = solve(solver(), copyOfSources());

    inspect(result, root -> {
      assertEquals(List.of(0010000 | 0640, 0L), typeAndDevice(root.resolve("app/fifo")));
      assertEquals(List.of(0020000 | 0600, Posix.makedev(1, 3)), typeAndDevice(root.resolve("app/null")));
      assertEquals("package main", Files.readString(root.resolve("app/main.go")));
    });
  }

  private static List<Object> typeAndDevice(Path path) throws IOException {
    return List.of(Files.getAttribute(path, "unix:mode", NOFOLLOW), Files.getAttribute(path, "unix:rdev", NOFOLLOW));
  }

  @Test
  void includePatternsAndFollowPathsSelectAsTheDockerfileFrontendAsks() throws IOException {
    Files.createSymbolicLink(context.resolve("Dockerfile"), Path.of("docs/guide.md"));
    State dockerfile =
        Llb.local(
            "context",
            LocalOptions.defaults().withIncludePatterns(List.of("src/**/*.go")).withFollowPaths(List.of("Dockerfile")));

    CommittedSnapshot result = solve(solver(), dockerfile);

    inspect(result, root -> {
      assertEquals("guide", Files.readString(root.resolve("Dockerfile")));
      assertEquals("package pkg", Files.readString(root.resolve("src/pkg/util.go")));
      assertFalse(Files.exists(root.resolve("README.md"), NOFOLLOW));
      assertFalse(Files.exists(root.resolve("docs/keep.md"), NOFOLLOW));
      assertFalse(Files.exists(root.resolve("src/link"), NOFOLLOW));
    });
  }

  @Test
  void anUnknownLocalNameFailsTheSolveNamingIt() {
    SolveException error =
        assertThrows(SolveException.class, () -> solve(solver(), Llb.local("other", LocalOptions.defaults())));

    assertInstanceOf(UnknownLocalException.class, error.getCause());
  }

  @Test
  void aCopyFromTheContextStaysCachedUntilWhatItSelectsChanges() throws IOException {
    Solver solver = solver();
    solve(solver, copyOfSources());
    assertEquals(List.of(ProgressEvent.Started.class, ProgressEvent.Done.class), eventsOf("copy src"));

    solve(solver, copyOfSources());
    assertEquals(0, started());
    assertEquals(List.of(ProgressEvent.Cached.class), eventsOf("copy src"));

    write("README.md", "readme, edited");
    write("src/main_test.go", "package main // more tests");
    solve(solver, copyOfSources());
    assertEquals(List.of(ProgressEvent.Started.class, ProgressEvent.Done.class), eventsOf("load context"));
    assertEquals(List.of(ProgressEvent.Cached.class), eventsOf("copy src"));

    write("src/pkg/util.go", "package pkg // edited");
    CommittedSnapshot edited = solve(solver, copyOfSources());
    assertEquals(List.of(ProgressEvent.Started.class, ProgressEvent.Done.class), eventsOf("copy src"));
    inspect(edited, root -> {
      assertEquals("package pkg // edited", Files.readString(root.resolve("app/pkg/util.go")));
      assertFalse(Files.exists(root.resolve("app/main_test.go")));
    });
  }

  @Test
  void stepsAfterACopyThatAnEditDidNotTouchStayCachedToo() throws IOException {
    Solver solver = solver();
    State afterCopy =
        copyOfSources().file(OpOptions.named("after copy"), FileAction.mkfile("/app/built", 0644, "built".getBytes(StandardCharsets.UTF_8)));
    solve(solver, afterCopy);

    write("README.md", "readme, edited");
    solve(solver, afterCopy);

    assertEquals(List.of(ProgressEvent.Cached.class), eventsOf("copy src"));
    assertEquals(List.of(ProgressEvent.Cached.class), eventsOf("after copy"));
  }

  @Test
  void anEarlierCopyKeepsItsContentWhenTheContextFileItCameFromIsEditedInPlaceAndSyncedAgain() throws IOException {
    Solver solver = solver();
    CommittedSnapshot before = solve(solver, copyOfSources());

    write("src/pkg/util.go", "package pkg // edited in place");
    CommittedSnapshot after = solve(solver, copyOfSources());

    inspect(before, root -> assertEquals("package pkg", Files.readString(root.resolve("app/pkg/util.go"))));
    inspect(after, root -> assertEquals("package pkg // edited in place", Files.readString(root.resolve("app/pkg/util.go"))));
  }

  @Test
  void aBuildReadsEachContextFileOnceThoughACopySelectsFromItsSnapshot() throws IOException {
    FileDigestCache fileDigests = FileDigestCache.create();
    Solver solver = solver(fileDigests);

    solve(solver, copyOfSources());
    write("README.md", "readme, edited");
    solve(solver, copyOfSources());

    assertEquals(List.of(ProgressEvent.Cached.class), eventsOf("copy src"));
    assertEquals(6, fileDigests.filesRead(), "5 files the context selects, then the edited one");
  }

  @Test
  void theCacheOutlivesARestartOfTheSolver() {
    Solver first = solver();
    CommittedSnapshot built = solve(first, copyOfSources());
    first.close();

    CommittedSnapshot again = solve(solver(), copyOfSources());

    assertEquals(built, again);
    assertEquals(0, started());
    assertEquals(List.of(ProgressEvent.Cached.class), eventsOf("copy src"));
  }

  /** The listing of {@code snapshot} with every entry's modification time. */
  private List<String> listing(CommittedSnapshot snapshot) throws IOException {
    List<String> lines = new ArrayList<>();
    inspect(snapshot, root -> {
      for (String line : FileTreeListing.of(root)) {
        String path = line.substring(0, line.indexOf(' '));
        lines.add(line + " " + Files.getLastModifiedTime(root.resolve(path), NOFOLLOW));
      }
    });
    return lines;
  }

  /** How many snapshots {@code snapshot} stacks: 1 for one on scratch. */
  private int chainLength(CommittedSnapshot snapshot) {
    int length = 1;
    for (var info = snapshotter.stat(snapshot.name()); info.hasParent(); info = snapshotter.stat(info.parent())) {
      length++;
    }
    return length;
  }

  @Test
  void anEditedContextIsSyncedOntoTheLastCopyAndEqualsAFreshCopy() throws IOException {
    Solver solver = solver();
    CommittedSnapshot first = solve(solver, contextSource());

    Files.delete(context.resolve("README.md"));
    Files.createDirectories(context.resolve("README.md/part"));
    write("README.md/part/one.md", "one");
    Files.delete(context.resolve("src/pkg/util.go"));
    Files.delete(context.resolve("src/pkg"));
    write("src/pkg", "now a file");
    Files.setPosixFilePermissions(context.resolve("src/main.go"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Files.setLastModifiedTime(context.resolve("src/main.go"), MTIME);
    Files.delete(context.resolve("src/link"));
    Files.createSymbolicLink(context.resolve("src/link"), Path.of("pkg"));
    Files.delete(context.resolve("src/main_test.go"));
    write("docs/keep.md", "kept, edited");
    write("trace.log", "excluded");
    Files.walk(context).forEach(path -> chown(path, 1000, 1000));
    CommittedSnapshot synced = solve(solver, contextSource());

    assertEquals(first.name(), snapshotter.stat(synced.name()).parent());
    CommittedSnapshot fresh = solve(solver(FileDigestCache.create(), dir.resolve("another worker")), contextSource());
    assertEquals(1, chainLength(fresh));
    assertEquals(listing(fresh), listing(synced));
    inspect(synced, root -> {
      assertEquals("now a file", Files.readString(root.resolve("src/pkg")));
      assertEquals(List.of(0, 0, 0600), owner(root.resolve("src/main.go")));
      assertFalse(Files.exists(root.resolve("trace.log"), NOFOLLOW));
      assertFalse(Files.exists(root.resolve("src/main_test.go"), NOFOLLOW));
    });
  }

  @Test
  void syncedCopiesStackAtMostMaxChainSnapshotsThenStartAgainFromScratch() throws IOException {
    Solver solver = solver();
    List<Integer> lengths = new ArrayList<>();
    for (int edit = 0; edit <= LocalSourceOp.MAX_CHAIN; edit++) {
      write("README.md", "readme, edit " + edit);
      CommittedSnapshot copy = solve(solver, contextSource());
      lengths.add(chainLength(copy));
      inspect(copy, root -> assertTrue(Files.readString(root.resolve("README.md")).startsWith("readme, edit ")));
    }

    List<Integer> expected = new ArrayList<>();
    for (int length = 1; length <= LocalSourceOp.MAX_CHAIN; length++) {
      expected.add(length);
    }
    expected.add(1);
    assertEquals(expected, lengths);
  }
}
