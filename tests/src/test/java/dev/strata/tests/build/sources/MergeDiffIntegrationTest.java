package dev.strata.tests.build.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.State;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.file.FileOp;
import dev.strata.build.ops.snapshot.DiffOp;
import dev.strata.build.ops.snapshot.MergeOp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Merge and diff ops on file-op results, on overlayfs. {@code base} has /a/x and /keep; {@code changed}
 * removes /a/x from it and adds /a/y; {@code other} is unrelated and has its own /a/x and /other.
 * Needs root.
 */
class MergeDiffIntegrationTest {
  private SourceSolveBench bench;

  @BeforeEach
  void open() {
    bench = SourceSolveBench.create("strata-merge-diff-", bench -> OpResolver.builder()
        .register(OpKind.FILE, FileOp.factory(FileDigestCache.create()))
        .register(OpKind.MERGE, MergeOp::of)
        .register(OpKind.DIFF, DiffOp::of)
        .build());
  }

  @AfterEach
  void close() throws IOException {
    bench.close();
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static State base() {
    return Llb.scratch().file(
        FileAction.mkdir("/a", 0755), FileAction.mkfile("/a/x", 0644, text("from base")), FileAction.mkfile("/keep", 0644, text("keep")));
  }

  private static State changed() {
    return base().file(FileAction.rm("/a/x"), FileAction.mkfile("/a/y", 0644, text("y")));
  }

  private static State other() {
    return Llb.scratch().file(
        FileAction.mkdir("/a", 0755), FileAction.mkfile("/a/x", 0644, text("from other")), FileAction.mkfile("/other", 0644, text("o")));
  }

  private CommittedSnapshot solve(State state) {
    return bench.solve(state.marshalBytes(), Session.EMPTY);
  }

  private static String read(Path root, String path) throws IOException {
    return Files.readString(root.resolve(path));
  }

  @Test
  void mergeAppliesEveryLayerInOrderWithItsDeletions() throws IOException {
    bench.withTree(solve(Llb.merge(List.of(other(), changed()))), root -> {
      assertEquals("o", read(root, "other"));
      assertEquals("keep", read(root, "keep"));
      assertEquals("y", read(root, "a/y"));
      assertFalse(Files.exists(root.resolve("a/x")), "changed's rm deletes other's /a/x");
    });
    bench.withTree(solve(Llb.merge(List.of(changed(), other()))), root -> {
      assertEquals("from other", read(root, "a/x"));
      assertEquals("y", read(root, "a/y"));
      assertEquals("keep", read(root, "keep"));
    });
  }

  @Test
  void directoryRecreatedInALaterLayerHidesWhatEarlierLayersPutInIt() throws IOException {
    State recreated = Llb.scratch()
        .file(FileAction.mkdir("/d", 0755), FileAction.mkfile("/d/old", 0644, text("old")))
        .file(FileAction.rm("/d"), FileAction.mkdir("/d", 0755), FileAction.mkfile("/d/new", 0644, text("new")));

    bench.withTree(solve(Llb.merge(List.of(other(), recreated))), root -> {
      assertEquals("new", read(root, "d/new"));
      assertFalse(Files.exists(root.resolve("d/old")));
      assertEquals("o", read(root, "other"));
    });
  }

  @Test
  void diffHoldsOnlyTheChangesAndItsDeletionsActWhenMerged() throws IOException {
    State diff = Llb.diff(base(), changed());
    bench.withTree(solve(diff), root -> {
      try (var entries = Files.list(root)) {
        assertEquals(List.of(root.resolve("a")), entries.toList());
      }
      try (var entries = Files.list(root.resolve("a"))) {
        assertEquals(List.of(root.resolve("a/y")), entries.toList());
      }
    });
    bench.withTree(solve(Llb.merge(List.of(other(), diff))), root -> {
      assertEquals("o", read(root, "other"));
      assertEquals("y", read(root, "a/y"));
      assertFalse(Files.exists(root.resolve("a/x")));
      assertFalse(Files.exists(root.resolve("keep")));
    });
  }

  @Test
  void diffFromScratchIsTheWholeUpperAndToScratchIsScratch() throws IOException {
    bench.withTree(solve(Llb.diff(Llb.scratch(), changed())), root -> {
      assertEquals("keep", read(root, "keep"));
      assertEquals("y", read(root, "a/y"));
      assertFalse(Files.exists(root.resolve("a/x")));
    });
    assertTrue(solve(Llb.diff(base(), Llb.scratch())).isScratch());
  }

  @Test
  void diffOfUnrelatedSnapshotsHoldsUpperNewAndChangedFiles() throws IOException {
    bench.withTree(solve(Llb.diff(other(), changed())), root -> {
      assertEquals("keep", read(root, "keep"));
      assertEquals("y", read(root, "a/y"));
      assertFalse(Files.exists(root.resolve("a/x")), "only other has /a/x");
      assertFalse(Files.exists(root.resolve("other")), "only other has /other");
    });
    bench.withTree(solve(Llb.diff(base(), other())), root -> {
      assertEquals("from other", read(root, "a/x"), "a changed file is in the diff");
      assertEquals("o", read(root, "other"));
      assertFalse(Files.exists(root.resolve("keep")));
    });
  }

  @Test
  void unrelatedDiffLeavesOutWhatBothSidesHaveAlike() throws IOException {
    Instant time = Instant.ofEpochSecond(1_600_000_000L);
    State lower = alikeEntriesAndX(time, "from lower");
    State upper = alikeEntriesAndX(time, "from upper");
    State diff = Llb.diff(lower, upper);
    bench.withTree(solve(diff), root -> {
      try (var entries = Files.list(root)) {
        assertEquals(List.of(root.resolve("x")), entries.toList(), "the alike file and directory are not copied up");
      }
      assertEquals("from upper", read(root, "x"));
    });
    bench.withTree(solve(Llb.merge(List.of(lower, diff))), root -> {
      assertEquals("alike", read(root, "alike"));
      assertTrue(Files.isDirectory(root.resolve("empty")));
      assertEquals("from upper", read(root, "x"));
    });
  }

  /** An empty directory and a file, both made at {@code time}, and /x holding {@code x}. */
  private static State alikeEntriesAndX(Instant time, String x) {
    return Llb.scratch().file(
        FileAction.mkdir("/empty", 0755).createdAt(time),
        FileAction.mkfile("/alike", 0644, text("alike")).createdAt(time),
        FileAction.mkfile("/x", 0644, text(x)));
  }

  @Test
  void unrelatedDiffDeletesWhatOnlyLowerHasWhenMerged() throws IOException {
    State extra = Llb.scratch().file(FileAction.mkfile("/other", 0644, text("kept")), FileAction.mkfile("/extra", 0644, text("e")));
    // diff(other, changed) deletes /a/x and /other, adds /keep and /a/y
    bench.withTree(solve(Llb.merge(List.of(extra, base(), Llb.diff(other(), changed())))), root -> {
      assertEquals("e", read(root, "extra"));
      assertEquals("keep", read(root, "keep"));
      assertEquals("y", read(root, "a/y"));
      assertFalse(Files.exists(root.resolve("a/x")));
      assertFalse(Files.exists(root.resolve("other")));
    });
    // merging the diff onto its lower gives its upper
    bench.withTree(solve(Llb.merge(List.of(other(), Llb.diff(other(), changed())))), root -> {
      try (var entries = Files.list(root)) {
        assertEquals(List.of("a", "keep"), entries.map(p -> p.getFileName().toString()).sorted().toList());
      }
      try (var entries = Files.list(root.resolve("a"))) {
        assertEquals(List.of(root.resolve("a/y")), entries.toList());
      }
    });
  }
}
