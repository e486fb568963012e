package dev.strata.build.llb;

import static dev.strata.build.llb.DefinitionWriter.image;
import static dev.strata.build.llb.DefinitionWriter.input;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.llb.InvalidDefinitionException.Problem;
import dev.strata.build.llb.pb.BuildOp;
import dev.strata.build.llb.pb.DiffOp;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.FileActionMkDir;
import dev.strata.build.llb.pb.FileOp;
import dev.strata.build.llb.pb.LowerDiffInput;
import dev.strata.build.llb.pb.MergeInput;
import dev.strata.build.llb.pb.MergeOp;
import dev.strata.build.llb.pb.Meta;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import dev.strata.build.llb.pb.PassthroughOp;
import dev.strata.build.llb.pb.Platform;
import dev.strata.build.llb.pb.UpperDiffInput;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LlbDefinitionValidationTest {
  private static final String MISSING = Digests.sha256(new byte[] {42});

  private static InvalidDefinitionException rejected(byte[] definition) {
    return assertThrows(InvalidDefinitionException.class, () -> LlbDefinition.parse(definition));
  }

  private static Op exec(String rootDigest, long rootIndex, Mount... mounts) {
    ExecOp.Builder exec = ExecOp.newBuilder().setMeta(Meta.newBuilder().addArgs("true"));
    for (Mount mount : mounts) {
      exec.addMounts(mount);
    }
    return Op.newBuilder().addInputs(input(rootDigest, rootIndex)).setExec(exec).build();
  }

  private static Mount mount(long input, String dest, long output) {
    return Mount.newBuilder().setInput(input).setDest(dest).setOutput(output).build();
  }

  @Test
  void bytesThatAreNoDefinitionAreMalformed() {
    InvalidDefinitionException e = rejected(new byte[] {0x0a, 0x10, 0x01});

    assertEquals(Problem.MALFORMED, e.problem());
  }

  @Test
  void anEntryThatIsNoOpIsMalformedAndNamed() {
    DefinitionWriter writer = new DefinitionWriter();
    String broken = writer.addBytes(new byte[] {0x0a, 0x10, 0x01});
    writer.addTerminal(broken, 0);

    InvalidDefinitionException e = rejected(writer.bytes());

    assertEquals(Problem.MALFORMED, e.problem());
    assertEquals(Optional.of(broken), e.digest());
  }

  @Test
  void aDefinitionWithoutOpsIsEmpty() {
    assertEquals(Problem.EMPTY, rejected(new byte[0]).problem());
  }

  @Test
  void aLastOpWithABodyIsNoTerminal() {
    DefinitionWriter writer = new DefinitionWriter();
    String image = writer.add(image("busybox"), "FROM busybox");

    InvalidDefinitionException e = rejected(writer.bytes());

    assertEquals(Problem.NO_TERMINAL, e.problem());
    assertEquals(Optional.of(image), e.digest());
    assertEquals(Optional.of("FROM busybox"), e.customName());
  }

  @Test
  void aLastOpWithoutInputsIsNoTerminal() {
    DefinitionWriter writer = new DefinitionWriter();
    writer.add(Op.getDefaultInstance());

    assertEquals(Problem.NO_TERMINAL, rejected(writer.bytes()).problem());
  }

  @Test
  void anInputNamingNoOpIsMissingAndNamesTheOpThatUsesIt() {
    DefinitionWriter writer = new DefinitionWriter();
    String exec = writer.add(exec(MISSING, 0, mount(0, "/", 0)), "RUN true");
    writer.addTerminal(exec, 0);

    InvalidDefinitionException e = rejected(writer.bytes());

    assertEquals(Problem.MISSING_INPUT, e.problem());
    assertEquals(Optional.of(exec), e.digest());
    assertEquals(Optional.of("RUN true"), e.customName());
  }

  @Test
  void aTerminalPointingAtNoOpIsMissingInput() {
    DefinitionWriter writer = new DefinitionWriter();
    writer.add(image("busybox"));
    writer.addTerminal(MISSING, 0);

    assertEquals(Problem.MISSING_INPUT, rejected(writer.bytes()).problem());
  }

  @Test
  void aSecondOutputOfASourceIsOutOfRange() {
    DefinitionWriter writer = new DefinitionWriter();
    String image = writer.add(image("busybox"));
    String exec = writer.add(exec(image, 1, mount(0, "/", 0)));
    writer.addTerminal(exec, 0);

    InvalidDefinitionException e = rejected(writer.bytes());

    assertEquals(Problem.OUTPUT_OUT_OF_RANGE, e.problem());
    assertEquals(Optional.of(exec), e.digest());
  }

  @Test
  void anExecHasOneOutputPerWritableBindMount() {
    DefinitionWriter writer = new DefinitionWriter();
    String image = writer.add(image("busybox"));
    String exec = writer.add(exec(image, 0, mount(0, "/", 0), mount(0, "/data", 1), mount(-1, "/ro", -1)));
    writer.addTerminal(exec, 1);

    assertEquals(1, LlbDefinition.parse(writer.bytes()).result().index());

    DefinitionWriter beyond = new DefinitionWriter();
    beyond.add(image("busybox"));
    beyond.add(exec(image, 0, mount(0, "/", 0), mount(0, "/data", 1), mount(-1, "/ro", -1)));
    beyond.addTerminal(exec, 2);
    assertEquals(Problem.OUTPUT_OUT_OF_RANGE, rejected(beyond.bytes()).problem());
  }

  @Test
  void aNegativeOutputIndexIsOutOfRange() {
    DefinitionWriter writer = new DefinitionWriter();
    String image = writer.add(image("busybox"));
    writer.addTerminal(image, -1);

    assertEquals(Problem.OUTPUT_OUT_OF_RANGE, rejected(writer.bytes()).problem());
  }

  @Test
  void anOpWithoutBodyBeforeTheTerminalHasNoType() {
    DefinitionWriter writer = new DefinitionWriter();
    String untyped = writer.add(
        Op.newBuilder().setPlatform(Platform.newBuilder().setOS("linux")).build(), "mystery");
    writer.addTerminal(untyped, 0);

    InvalidDefinitionException e = rejected(writer.bytes());

    assertEquals(Problem.NO_OP_TYPE, e.problem());
    assertEquals(Optional.of(untyped), e.digest());
    assertEquals(Optional.of("mystery"), e.customName());
  }

  @Test
  void anExecWithoutArgsOrRootMountIsIncomplete() {
    DefinitionWriter noArgs = new DefinitionWriter();
    String image = noArgs.add(image("busybox"));
    Op withoutArgs = exec(image, 0, mount(0, "/", 0)).toBuilder()
        .setExec(ExecOp.newBuilder().setMeta(Meta.getDefaultInstance()).addMounts(mount(0, "/", 0))).build();
    String exec = noArgs.add(withoutArgs, "RUN");
    noArgs.addTerminal(exec, 0);

    InvalidDefinitionException e = rejected(noArgs.bytes());
    assertEquals(Problem.INCOMPLETE_OP, e.problem());
    assertEquals(Optional.of("RUN"), e.customName());

    DefinitionWriter noRoot = new DefinitionWriter();
    noRoot.add(image("busybox"));
    noRoot.addTerminal(noRoot.add(exec(image, 0, mount(0, "/data", 0))), 0);
    assertEquals(Problem.INCOMPLETE_OP, rejected(noRoot.bytes()).problem());
  }

  @Test
  void aFileOpWithoutActionsAndADiffWithoutSidesAreIncomplete() {
    DefinitionWriter file = new DefinitionWriter();
    file.addTerminal(file.add(Op.newBuilder().setFile(FileOp.getDefaultInstance()).build()), 0);
    assertEquals(Problem.INCOMPLETE_OP, rejected(file.bytes()).problem());

    DefinitionWriter diff = new DefinitionWriter();
    diff.addTerminal(diff.add(Op.newBuilder().setDiff(DiffOp.newBuilder()
        .setLower(LowerDiffInput.newBuilder().setInput(-1))).build()), 0);
    assertEquals(Problem.INCOMPLETE_OP, rejected(diff.bytes()).problem());
  }

  @Test
  void aBuildOpIsUnsupportedAndNamed() {
    DefinitionWriter writer = new DefinitionWriter();
    String build = writer.add(Op.newBuilder().setBuild(BuildOp.newBuilder().setBuilder(-1)).build(), "nested build");
    writer.addTerminal(build, 0);

    InvalidDefinitionException e = rejected(writer.bytes());

    assertEquals(Problem.UNSUPPORTED_OP, e.problem());
    assertEquals(Optional.of(build), e.digest());
    assertEquals(Optional.of("nested build"), e.customName());
  }

  @Test
  void aPassthroughOpIsUnsupported() {
    DefinitionWriter writer = new DefinitionWriter();
    String passthrough = writer.add(
        Op.newBuilder().setPassthrough(PassthroughOp.newBuilder().setId("x").addOutputs(0)).build());
    writer.addTerminal(passthrough, 0);

    assertEquals(Problem.UNSUPPORTED_OP, rejected(writer.bytes()).problem());
  }

  @Test
  void aMountOfAnInputTheExecDoesNotHaveIsOutOfRange() {
    DefinitionWriter writer = new DefinitionWriter();
    String image = writer.add(image("busybox"));
    String exec = writer.add(exec(image, 0, mount(0, "/", 0), mount(1, "/other", 1)));
    writer.addTerminal(exec, 0);

    InvalidDefinitionException e = rejected(writer.bytes());

    assertEquals(Problem.INPUT_OUT_OF_RANGE, e.problem());
    assertEquals(Optional.of(exec), e.digest());
  }

  @Test
  void aFileActionMayUseEarlierActionsButNotLaterOnes() {
    FileAction first = FileAction.newBuilder().setInput(-1).setSecondaryInput(-1).setOutput(-1)
        .setMkdir(FileActionMkDir.newBuilder().setPath("/a").setMode(0755)).build();
    FileAction usesFirst = first.toBuilder().setInput(0).setOutput(0).build();
    FileAction usesItself = first.toBuilder().setInput(1).setOutput(0).build();

    DefinitionWriter writer = new DefinitionWriter();
    writer.addTerminal(writer.add(Op.newBuilder().setFile(FileOp.newBuilder().addActions(first).addActions(usesFirst)).build()), 0);
    assertEquals(Op.OpCase.FILE, LlbDefinition.parse(writer.bytes()).result().vertex().op().getOpCase());

    DefinitionWriter broken = new DefinitionWriter();
    broken.addTerminal(broken.add(Op.newBuilder().setFile(FileOp.newBuilder().addActions(first).addActions(usesItself)).build()), 0);
    assertEquals(Problem.INPUT_OUT_OF_RANGE, rejected(broken.bytes()).problem());
  }

  @Test
  void mergeAndDiffInputsMustBeInRange() {
    DefinitionWriter merge = new DefinitionWriter();
    String image = merge.add(image("busybox"));
    merge.addTerminal(merge.add(Op.newBuilder().addInputs(input(image, 0))
        .setMerge(MergeOp.newBuilder().addInputs(MergeInput.newBuilder().setInput(1))).build()), 0);
    assertEquals(Problem.INPUT_OUT_OF_RANGE, rejected(merge.bytes()).problem());

    DefinitionWriter diff = new DefinitionWriter();
    diff.add(image("busybox"));
    diff.addTerminal(diff.add(Op.newBuilder().addInputs(input(image, 0))
        .setDiff(DiffOp.newBuilder().setLower(LowerDiffInput.newBuilder().setInput(-1))
            .setUpper(UpperDiffInput.newBuilder().setInput(2))).build()), 0);
    assertEquals(Problem.INPUT_OUT_OF_RANGE, rejected(diff.bytes()).problem());
  }

  @Test
  void opsThatDependOnEachOtherAreACycle() {
    // content digests make a real cycle infeasible, so the linker is given ops under chosen keys
    LinkedHashMap<String, Op> ops = new LinkedHashMap<>();
    ops.put("sha256:a", exec("sha256:b", 0, mount(0, "/", 0)));
    ops.put("sha256:b", exec("sha256:a", 0, mount(0, "/", 0)));
    ops.put("sha256:t", Op.newBuilder().addInputs(input("sha256:a", 0)).build());
    Map<String, OpMetadata> metadata = Map.of(
        "sha256:a", OpMetadata.newBuilder().putDescription(Vertex.CUSTOM_NAME, "first").build());

    InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
        () -> VertexGraph.link(ops, metadata, "sha256:t"));

    assertEquals(Problem.CYCLE, e.problem());
    assertEquals(Optional.of("sha256:a"), e.digest());
    assertEquals(Optional.of("first"), e.customName());
  }
}
