package dev.strata.build.llb.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.LlbSamples;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.Definition;
import dev.strata.build.llb.pb.Op;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Builds the graph of the multistage-parallel sample's Dockerfile with our builder: one image, two
 * exec branches, a copy from each, a final exec.
 */
class MultistageSampleTest {
  private static final String COMMAND = "com.docker.dockerfile.v1.command";
  private static final String REF = "127.0.0.1:5000/library/busybox:test"
      + "@sha256:2e70d15cd04dffe9f4b832ca709942e4079da45435ac68a95b1bf99997b4e273";

  private static State run(State root, String command, String name) {
    return root.run(ExecBuilder.shell(command).env("PATH", "/bin")
        .options(OpOptions.named(name).describe(COMMAND, "RUN " + command))).root();
  }

  private static State dockerfileCopy(State target, State from, String path, String name) {
    return target.file(OpOptions.named(name), FileAction.copy(from, path, path)
        .followSymlinks().dirCopyContents().createDestPath().allowWildcard().allowEmptyWildcard());
  }

  static State multistageParallel() {
    State image = Llb.image(REF, OpOptions.named("[sb 1/2] FROM " + REF)
        .describe(COMMAND, "FROM 127.0.0.1:5000/library/busybox:test AS sb"));
    State sa = run(image, "echo a > /a && sleep 1", "[sa 2/2] RUN echo a > /a && sleep 1");
    State sb = run(image, "echo b > /b && sleep 1", "[sb 2/2] RUN echo b > /b && sleep 1");
    State withA = dockerfileCopy(image, sa, "/a", "[stage-2 2/4] COPY --from=sa /a /a");
    State withB = dockerfileCopy(withA, sb, "/b", "[stage-2 3/4] COPY --from=sb /b /b");
    return run(withB, "cat /a /b", "[stage-2 4/4] RUN cat /a /b");
  }

  @Test
  void marshalsTheBytesBuildKitWroteSaveTheSourceMap() throws IOException {
    Definition buildkit = Definition.parseFrom(
        Files.readAllBytes(LlbSamples.dir(LlbSamples.MULTISTAGE_PARALLEL).resolve("def.pb")));
    Definition ours = multistageParallel().marshal();

    assertEquals(buildkit.getDefList(), ours.getDefList());
    assertEquals(buildkit.getMetadataMap(), ours.getMetadataMap());
    // BuildKit's frontend adds a source map (the Dockerfile, line ranges); the builder writes none
    assertArrayEquals(Deterministic.toBytes(buildkit.toBuilder().clearSource().build()),
        multistageParallel().marshalBytes());
  }

  @Test
  void readsBackAsImageTwoBranchesTwoCopiesAndAnExec() {
    LlbDefinition definition = LlbDefinition.parse(multistageParallel().marshalBytes());
    List<Op.OpCase> kinds = definition.vertices().stream().map(v -> v.op().getOpCase()).toList();

    assertEquals(List.of(Op.OpCase.SOURCE, Op.OpCase.EXEC, Op.OpCase.FILE, Op.OpCase.EXEC, Op.OpCase.FILE,
        Op.OpCase.EXEC, Op.OpCase.OP_NOT_SET), kinds);
    Vertex last = definition.result().vertex();
    Vertex copyB = last.inputs().get(0).vertex();
    Vertex copyA = copyB.inputs().get(0).vertex();
    Vertex branchB = copyB.inputs().get(1).vertex();
    Vertex branchA = copyA.inputs().get(1).vertex();
    Vertex image = copyA.inputs().get(0).vertex();
    assertEquals(Optional.of("[stage-2 4/4] RUN cat /a /b"), last.customName());
    assertEquals(image, branchA.inputs().get(0).vertex());
    assertEquals(image, branchB.inputs().get(0).vertex());
    assertEquals("/b", copyB.op().getFile().getActions(0).getCopy().getSrc());
  }
}
