package dev.strata.build.llb.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.llb.pb.Definition;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.FileActionCopy;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MountType;
import dev.strata.build.llb.pb.NetMode;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.SecurityMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlbBuilderTest {
  private static final Instant EPOCH_PLUS = Instant.ofEpochSecond(1_700_000_000L, 5);

  /** A graph touching every builder feature. */
  private static State everything() {
    State base = Llb.image("docker.io/library/alpine:3.19", OpOptions.named("base"));
    State src = Llb.local("context", LocalOptions.defaults()
        .withIncludePatterns(List.of("src/**", "<go>&"))
        .withExcludePatterns(List.of("*.tmp"))
        .withFollowPaths(List.of("src"))
        .withSharedKeyHint("ctx"));
    ExecState build = base.run(ExecBuilder.args("make", "-C", "/src")
        .env("CC", "gcc").env("HOME", "/root").cwd("/src").user("builder")
        .network(NetMode.NONE).security(SecurityMode.INSECURE)
        .mount(ExecMount.bind("/src", src).readonly())
        .mount(ExecMount.bind("/out", Llb.scratch()))
        .mount(ExecMount.cache("/root/.cache", "make-cache", CacheSharingOpt.LOCKED))
        .mount(ExecMount.tmpfs("/tmp", 1 << 20))
        .mount(ExecMount.secret("/run/secrets/token", "token").secretOwner(1000, 1000, 0440).optional())
        .options(OpOptions.named("make").ignoringCache()));
    State files = build.root().file(OpOptions.named("layout"),
        dev.strata.build.llb.client.FileAction.mkdir("/app/bin", 0755).makeParents().owner(Owner.ids(1, 2)).createdAt(EPOCH_PLUS),
        dev.strata.build.llb.client.FileAction.mkfile("/app/VERSION", 0644, "1.0\n".getBytes(StandardCharsets.UTF_8)),
        dev.strata.build.llb.client.FileAction.copy(build.mount("/out"), "/bin/*", "/app/bin/").mode(0555)
            .owner(Owner.names("app", "app")).allowWildcard().createDestPath().followSymlinks().dirCopyContents()
            .includePatterns(List.of("tool*")).excludePatterns(List.of("*.debug")),
        dev.strata.build.llb.client.FileAction.symlink("/app/bin/tool", "/usr/local/bin/tool"),
        dev.strata.build.llb.client.FileAction.rm("/tmp/*").allowWildcard().allowNotFound());
    State merged = Llb.merge(List.of(base, Llb.scratch(), files));
    return Llb.diff(base, merged, OpOptions.named("changes"));
  }

  private static Vertex resultOf(State state) {
    return LlbDefinition.parse(state.marshalBytes()).result().vertex();
  }

  @Test
  void theSameGraphBuiltTwiceMarshalsToTheSameBytes() {
    assertArrayEquals(everything().marshalBytes(), everything().marshalBytes());
  }

  @Test
  void marshalBytesAreTheDefinitionsDeterministicEncoding() throws Exception {
    State state = everything();

    assertEquals(state.marshal(), Definition.parseFrom(state.marshalBytes()));
  }

  @Test
  void opsComeBeforeTheirUsersAndTheTerminalIsLast() {
    Definition definition = everything().marshal();
    LlbDefinition read = LlbDefinition.parse(everything().marshalBytes());

    assertEquals(definition.getDefCount(), read.vertices().size());
    assertEquals(read.terminal(), read.vertices().get(read.vertices().size() - 1));
    assertEquals(Op.OpCase.DIFF, read.result().vertex().op().getOpCase());
    assertEquals(Optional.of("changes"), read.result().vertex().customName());
    assertTrue(read.terminal().metadata().getCapsMap().keySet().containsAll(
        List.of("constraints", "platform", "meta.description", "meta.ignorecache")));
  }

  @Test
  void scratchMarshalsToAnEmptyDefinition() {
    assertEquals(0, Llb.scratch().marshal().getDefCount());
  }

  @Test
  void imageIsASourceOpForThePlatform() {
    Op op = resultOf(Llb.image("busybox:1.36")).op();

    assertEquals("docker-image://busybox:1.36", op.getSource().getIdentifier());
    assertEquals("linux", op.getPlatform().getOS());
    assertEquals("arm64",
        resultOf(Llb.image("busybox").withPlatform(new OciPlatform("linux", "arm64", "v8"))
            .run(ExecBuilder.args("true"))
            .root()).op().getPlatform().getArchitecture());
  }

  @Test
  void localWritesBuildKitsAttributesWithGoJsonLists() {
    Vertex local = resultOf(Llb.local("context", LocalOptions.defaults()
        .withIncludePatterns(List.of("src/**", "<go>&"))
        .withExcludePatterns(List.of("*.tmp", "a\"b"))
        .withFollowPaths(List.of("src"))
        .withSharedKeyHint("ctx")));

    assertEquals("local://context", local.op().getSource().getIdentifier());
    assertEquals(Map.of(
        "local.includepattern", "[\"src/**\",\"\\u003cgo\\u003e\\u0026\"]",
        "local.excludepatterns", "[\"*.tmp\",\"a\\\"b\"]",
        "local.followpaths", "[\"src\"]",
        "local.sharedkeyhint", "ctx"), local.op().getSource().getAttrsMap());
    assertTrue(local.metadata().getCapsMap().containsKey("source.local.includepatterns"));
  }

  @Test
  void localWithoutOptionsHasNoAttributes() {
    assertEquals(Map.of(), resultOf(Llb.local("context", LocalOptions.defaults())).op().getSource().getAttrsMap());
  }

  @Test
  void execWritesMetaAndMountsInBuildKitsOrder() {
    State base = Llb.image("alpine");
    State src = Llb.local("context", LocalOptions.defaults());
    ExecState exec = base.run(ExecBuilder.shell("make").env("A", "1").env("B", "2").cwd("/w").user("nobody")
        .network(NetMode.HOST).security(SecurityMode.INSECURE)
        .mount(ExecMount.secret("/run/secrets/s", "s"))
        .mount(ExecMount.tmpfs("/tmp", 0))
        .mount(ExecMount.bind("/src", src).readonly().selector("sub"))
        .mount(ExecMount.bind("/out", Llb.scratch()))
        .mount(ExecMount.cache("/cache", "c", CacheSharingOpt.PRIVATE))
        .mount(ExecMount.bind("/scratchpad", base).noOutput()));
    Vertex vertex = resultOf(exec.root());
    ExecOp op = vertex.op().getExec();

    assertEquals(List.of("/bin/sh", "-c", "make"), op.getMeta().getArgsList());
    assertEquals(List.of("A=1", "B=2"), op.getMeta().getEnvList());
    assertEquals("/w", op.getMeta().getCwd());
    assertEquals("nobody", op.getMeta().getUser());
    assertTrue(op.getMeta().getRemoveMountStubsRecursive());
    assertEquals(NetMode.HOST, op.getNetwork());
    assertEquals(SecurityMode.INSECURE, op.getSecurity());
    assertEquals(List.of("/", "/cache", "/out", "/scratchpad", "/src", "/tmp", "/run/secrets/s"),
        op.getMountsList().stream().map(Mount::getDest).toList());
    // inputs: the root image and the local source, each once
    assertEquals(2, vertex.inputs().size());
    Mount root = op.getMounts(0);
    Mount cache = op.getMounts(1);
    Mount out = op.getMounts(2);
    Mount scratchpad = op.getMounts(3);
    Mount srcMount = op.getMounts(4);
    Mount tmp = op.getMounts(5);
    Mount secret = op.getMounts(6);
    assertEquals(List.of(0L, 0L), List.of(root.getInput(), root.getOutput()));
    assertEquals(List.of(-1L, -1L), List.of(cache.getInput(), cache.getOutput()));
    assertEquals(MountType.CACHE, cache.getMountType());
    assertEquals("c", cache.getCacheOpt().getID());
    assertEquals(CacheSharingOpt.PRIVATE, cache.getCacheOpt().getSharing());
    assertEquals(List.of(-1L, 1L), List.of(out.getInput(), out.getOutput()));
    assertEquals(List.of(0L, -1L), List.of(scratchpad.getInput(), scratchpad.getOutput()));
    assertEquals(List.of(1L, -1L), List.of(srcMount.getInput(), srcMount.getOutput()));
    assertTrue(srcMount.getReadonly());
    assertEquals("sub", srcMount.getSelector());
    assertEquals(MountType.TMPFS, tmp.getMountType());
    assertEquals(MountType.SECRET, secret.getMountType());
    assertEquals("s", secret.getSecretOpt().getID());
    assertEquals(0400, secret.getSecretOpt().getMode());
    assertEquals(1, resultIndex(exec.mount("/out")));
    assertThrows(IllegalArgumentException.class, () -> exec.mount("/src"));
    assertTrue(vertex.metadata().getCapsMap().keySet().containsAll(List.of("exec.meta.base", "exec.mount.bind",
        "exec.mount.cache", "exec.mount.tmpfs", "exec.mount.secret", "exec.mount.selector",
        "exec.meta.network", "exec.meta.security")));
  }

  private static int resultIndex(State state) {
    return LlbDefinition.parse(state.marshalBytes()).result().index();
  }

  @Test
  void execWithoutArgsIsRejected() {
    assertThrows(IllegalArgumentException.class, ExecBuilder::args);
  }

  @Test
  void fileActionsChainThroughEarlierResults() {
    State base = Llb.image("alpine");
    State other = Llb.image("busybox");
    Vertex vertex = resultOf(base.file(
        dev.strata.build.llb.client.FileAction.mkdir("/a", 0700).makeParents().owner(Owner.ids(1, 2)).createdAt(EPOCH_PLUS),
        dev.strata.build.llb.client.FileAction.copy(other, "/bin/busybox", "/a/").mode(0755)
            .owner(Owner.names("app", "staff")).createDestPath().allowWildcard().allowEmptyWildcard()
            .followSymlinks().dirCopyContents().includePatterns(List.of("b*")).excludePatterns(List.of("x")),
        dev.strata.build.llb.client.FileAction.mkfile("/a/f", 0600, new byte[] {1, 2}),
        dev.strata.build.llb.client.FileAction.symlink("/a/f", "/a/g"),
        dev.strata.build.llb.client.FileAction.rm("/a/h").allowNotFound().allowWildcard()));
    List<FileAction> actions = vertex.op().getFile().getActionsList();

    assertEquals(List.of("alpine", "busybox"), vertex.inputs().stream()
        .map(in -> in.vertex().op().getSource().getIdentifier().substring("docker-image://".length())).toList());
    assertEquals(List.of(0L, 2L, 3L, 4L, 5L), actions.stream().map(FileAction::getInput).toList());
    assertEquals(List.of(-1L, 1L, -1L, -1L, -1L), actions.stream().map(FileAction::getSecondaryInput).toList());
    assertEquals(List.of(-1L, -1L, -1L, -1L, 0L), actions.stream().map(FileAction::getOutput).toList());

    assertEquals(0700, actions.get(0).getMkdir().getMode());
    assertTrue(actions.get(0).getMkdir().getMakeParents());
    assertEquals(1, actions.get(0).getMkdir().getOwner().getUser().getByID());
    assertEquals(2, actions.get(0).getMkdir().getOwner().getGroup().getByID());
    assertEquals(1_700_000_000_000_000_005L, actions.get(0).getMkdir().getTimestamp());

    FileActionCopy copy = actions.get(1).getCopy();
    assertEquals("/bin/busybox", copy.getSrc());
    assertEquals("/a/", copy.getDest());
    assertEquals(0755, copy.getMode());
    assertEquals("app", copy.getOwner().getUser().getByName().getName());
    assertEquals(2, copy.getOwner().getUser().getByName().getInput());
    assertTrue(copy.getCreateDestPath() && copy.getAllowWildcard() && copy.getAllowEmptyWildcard()
        && copy.getFollowSymlink() && copy.getDirCopyContents());
    assertEquals(List.of("b*"), copy.getIncludePatternsList());
    assertEquals(List.of("x"), copy.getExcludePatternsList());
    assertEquals(-1, copy.getTimestamp());

    assertEquals(2, actions.get(2).getMkfile().getData().size());
    assertEquals(-1, actions.get(2).getMkfile().getTimestamp());
    assertEquals("/a/g", actions.get(3).getSymlink().getNewpath());
    assertTrue(actions.get(4).getRm().getAllowNotFound() && actions.get(4).getRm().getAllowWildcard());
    assertTrue(vertex.metadata().getCapsMap().keySet().containsAll(
        List.of("file.base", "file.copy.includeexcludepatterns", "file.symlink.create")));
  }

  @Test
  void aCopyKeepsTheSourceModeUnlessOneIsGiven() {
    Vertex vertex = resultOf(Llb.scratch().file(
        dev.strata.build.llb.client.FileAction.copy(Llb.image("alpine"), "/etc", "/etc")));
    FileAction action = vertex.op().getFile().getActions(0);

    assertEquals(-1, action.getCopy().getMode());
    assertEquals(-1, action.getInput());
    assertEquals(0, action.getSecondaryInput());
  }

  @Test
  void fileWithoutActionsIsRejected() {
    assertThrows(IllegalArgumentException.class, () -> Llb.image("alpine").file());
  }

  @Test
  void mergeLayersNonScratchStatesInOrder() {
    State a = Llb.image("a");
    State b = Llb.image("b");
    Vertex merge = resultOf(Llb.merge(List.of(a, Llb.scratch(), b, a)));

    assertEquals(List.of(0L, 1L, 2L), merge.op().getMerge().getInputsList().stream().map(in -> in.getInput()).toList());
    assertEquals(List.of("docker-image://a", "docker-image://b", "docker-image://a"),
        merge.inputs().stream().map(in -> in.vertex().op().getSource().getIdentifier()).toList());
    assertEquals(a, Llb.merge(List.of(Llb.scratch(), a)));
    assertTrue(Llb.merge(List.of(Llb.scratch())).isScratch());
  }

  @Test
  void diffNamesScratchAsNoInput() {
    State upper = Llb.image("alpine");
    Vertex diff = resultOf(Llb.diff(Llb.scratch(), upper));

    assertEquals(-1, diff.op().getDiff().getLower().getInput());
    assertEquals(0, diff.op().getDiff().getUpper().getInput());
    assertEquals(1, diff.inputs().size());
    assertTrue(diff.metadata().getCapsMap().containsKey("diffop"));
  }

  @Test
  void customNamesAreMetadataAndDoNotChangeDigests() {
    Definition named = Llb.image("alpine", OpOptions.named("FROM alpine")).marshal();
    Definition unnamed = Llb.image("alpine").marshal();

    assertEquals(named.getDefList(), unnamed.getDefList());
    assertEquals(Optional.of("FROM alpine"), resultOf(Llb.image("alpine", OpOptions.named("FROM alpine"))).customName());
    assertNotEquals(named.getMetadataMap(), unnamed.getMetadataMap());
  }

  @Test
  void anOpReachedTwiceIsWrittenOnceWithMergedMetadata() {
    State first = Llb.image("alpine", OpOptions.named("first").describe("a", "1"));
    State second = Llb.image("alpine", OpOptions.named("second"));
    LlbDefinition read = LlbDefinition.parse(Llb.merge(List.of(first, second)).marshalBytes());
    Vertex image = read.vertices().get(0);

    assertEquals(3, read.vertices().size());
    assertEquals(Optional.of("second"), image.customName());
    assertEquals("1", image.metadata().getDescriptionMap().get("a"));
  }

  @Test
  void laterChangesToABuilderDoNotChangeABuiltState() {
    ExecBuilder exec = ExecBuilder.args("true");
    State state = Llb.image("alpine").run(exec).root();
    byte[] before = state.marshalBytes();

    exec.env("LATE", "1");

    assertArrayEquals(before, state.marshalBytes());
    assertFalse(resultOf(state).op().getExec().getMeta().getEnvList().contains("LATE=1"));
  }
}
