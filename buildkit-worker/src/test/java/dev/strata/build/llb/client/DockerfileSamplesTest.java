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
 * Builds the graphs of the samples' Dockerfiles with our builder, as BuildKit's Dockerfile frontend
 * did, and compares with what it wrote.
 */
class DockerfileSamplesTest {
  private static final String COMMAND = "com.docker.dockerfile.v1.command";
  private static final String REF = "127.0.0.1:5000/library/busybox:test"
      + "@sha256:2e70d15cd04dffe9f4b832ca709942e4079da45435ac68a95b1bf99997b4e273";

  private static State run(State root, String command, String name) {
    return run(root, "/", command, name);
  }

  private static State run(State root, String cwd, String command, String name) {
    return root.run(ExecBuilder.shell(command).env("PATH", "/bin").cwd(cwd)
        .options(OpOptions.named(name).describe(COMMAND, "RUN " + command))).root();
  }

  private static State dockerfileCopy(State target, State from, String path, String name) {
    return dockerfileCopy(target, from, path, path, name);
  }

  private static State dockerfileCopy(State target, State from, String src, String dest, String name) {
    return target.file(OpOptions.named(name), FileAction.copy(from, src, dest)
        .followSymlinks().dirCopyContents().createDestPath().allowWildcard().allowEmptyWildcard());
  }

  /** Image, WORKDIR, RUN in a builder stage; three COPYs (two from the builder, one from the image), RUN. */
  static State copyFrom() {
    State image = Llb.image(REF, OpOptions.named("FROM " + REF).describe(COMMAND, ""));
    State workdir = image.file(OpOptions.named("[builder 2/3] WORKDIR /out"),
        FileAction.mkdir("/out", 0755).makeParents());
    String build = "echo built > artifact.txt && mkdir -p sub && echo x > sub/x";
    State builder = run(workdir, "/out", build, "[builder 3/3] RUN " + build);
    State artifact = dockerfileCopy(image, builder, "/out/artifact.txt", "/app/",
        "[stage-1 2/5] COPY --from=builder /out/artifact.txt /app/");
    State sub = dockerfileCopy(artifact, builder, "/out/sub", "/app/sub", "[stage-1 3/5] COPY --from=0 /out/sub /app/sub");
    State osRelease = dockerfileCopy(sub, image, "/etc/os-release", "/app/os-release",
        "[stage-1 4/5] COPY --from=127.0.0.1:5000/library/busybox:test /etc/os-release /app/os-release");
    return run(osRelease, "ls -R /app", "[stage-1 5/5] RUN ls -R /app");
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

  private static void assertSameAsBuildKit(String sample, State ours) throws IOException {
    Definition buildkit = Definition.parseFrom(Files.readAllBytes(LlbSamples.dir(sample).resolve("def.pb")));

    assertEquals(buildkit.getDefList(), ours.marshal().getDefList());
    assertEquals(buildkit.getMetadataMap(), ours.marshal().getMetadataMap());
    // BuildKit's frontend adds a source map (the Dockerfile, line ranges); the builder writes none
    assertArrayEquals(Deterministic.toBytes(buildkit.toBuilder().clearSource().build()), ours.marshalBytes());
  }

  @Test
  void multistageParallelMarshalsToTheBytesBuildKitWroteSaveTheSourceMap() throws IOException {
    assertSameAsBuildKit(LlbSamples.MULTISTAGE_PARALLEL, multistageParallel());
  }

  @Test
  void copyFromMarshalsToTheBytesBuildKitWroteSaveTheSourceMap() throws IOException {
    assertSameAsBuildKit(LlbSamples.COPY_FROM, copyFrom());
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
