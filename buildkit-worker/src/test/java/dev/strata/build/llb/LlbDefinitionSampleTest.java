package dev.strata.build.llb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.FileActionCopy;
import dev.strata.build.llb.pb.FileActionMkDir;
import dev.strata.build.llb.pb.Meta;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.Op;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reads the definitions BuildKit's Dockerfile frontend wrote and compares with buildctl's dump. */
class LlbDefinitionSampleTest {

  private static LlbDefinition definition(String sample) throws IOException {
    return LlbDefinition.read(LlbSamples.dir(sample).resolve("def.pb"));
  }

  private static List<DumpedOp> dump(String sample) throws IOException {
    return DumpedOp.read(LlbSamples.dir(sample).resolve("dump.json"));
  }

  private static Vertex vertex(LlbDefinition definition, DumpedOp dumped) {
    return definition.vertex(dumped.digest()).orElseThrow();
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void opDigestsAreThoseBuildKitComputed(String sample) throws IOException {
    List<String> expected = dump(sample).stream().map(DumpedOp::digest).toList();

    List<String> actual = definition(sample).vertices().stream().map(Vertex::digest).toList();

    assertEquals(expected, actual);
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void inputsResolveToTheDumpedDigestsAndIndexes(String sample) throws IOException {
    LlbDefinition definition = definition(sample);
    for (DumpedOp dumped : dump(sample)) {
      List<String> expected = new ArrayList<>();
      dumped.op().path("inputs").forEach(in -> expected.add(in.get("digest").asText() + "#" + in.path("index").asInt()));

      List<String> actual = vertex(definition, dumped).inputs().stream()
          .map(in -> in.vertex().digest() + "#" + in.index())
          .toList();

      assertEquals(expected, actual, dumped.digest());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void terminalIsTheLastOpAndPointsAtTheResult(String sample) throws IOException {
    List<DumpedOp> dump = dump(sample);
    DumpedOp last = dump.get(dump.size() - 1);
    LlbDefinition definition = definition(sample);

    assertEquals(last.digest(), definition.terminal().digest());
    assertEquals(Op.OpCase.OP_NOT_SET, definition.terminal().op().getOpCase());
    assertEquals(last.op().get("inputs").get(0).get("digest").asText(), definition.result().vertex().digest());
    assertEquals(0, definition.result().index());
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void descriptionsAndCapsAreRead(String sample) throws IOException {
    LlbDefinition definition = definition(sample);
    for (DumpedOp dumped : dump(sample)) {
      Vertex vertex = vertex(definition, dumped);
      JsonNode name = dumped.metadata().path("description").path(Vertex.CUSTOM_NAME);

      assertEquals(name.isMissingNode() ? Optional.empty() : Optional.of(name.asText()), vertex.customName());
      List<String> caps = new ArrayList<>();
      dumped.metadata().path("caps").fieldNames().forEachRemaining(caps::add);
      assertEquals(caps.stream().sorted().toList(),
          vertex.metadata().getCapsMap().keySet().stream().sorted().toList(), dumped.digest());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void sourceOpsNameTheirImageAndPlatform(String sample) throws IOException {
    LlbDefinition definition = definition(sample);
    for (DumpedOp dumped : dump(sample)) {
      JsonNode source = dumped.body().path("source");
      if (source.isMissingNode()) {
        continue;
      }
      Op op = vertex(definition, dumped).op();

      assertEquals(source.get("identifier").asText(), op.getSource().getIdentifier());
      assertEquals(dumped.op().get("platform").get("OS").asText(), op.getPlatform().getOS());
      assertEquals(dumped.op().get("platform").get("Architecture").asText(), op.getPlatform().getArchitecture());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void execMetaAndMountsHaveTheDumpedValues(String sample) throws IOException {
    LlbDefinition definition = definition(sample);
    int execs = 0;
    for (DumpedOp dumped : dump(sample)) {
      JsonNode exec = dumped.body().path("exec");
      if (exec.isMissingNode()) {
        continue;
      }
      execs++;
      Meta meta = vertex(definition, dumped).op().getExec().getMeta();
      List<Mount> mounts = vertex(definition, dumped).op().getExec().getMountsList();

      assertEquals(strings(exec.get("meta").get("args")), meta.getArgsList());
      assertEquals(strings(exec.get("meta").get("env")), meta.getEnvList());
      assertEquals(exec.get("meta").get("cwd").asText(), meta.getCwd());
      assertEquals(exec.get("meta").path("removeMountStubsRecursive").asBoolean(), meta.getRemoveMountStubsRecursive());
      assertEquals(exec.get("mounts").size(), mounts.size());
      for (int i = 0; i < mounts.size(); i++) {
        JsonNode mount = exec.get("mounts").get(i);
        assertEquals(mount.path("input").asLong(), mounts.get(i).getInput());
        assertEquals(mount.get("dest").asText(), mounts.get(i).getDest());
        assertEquals(mount.path("output").asLong(), mounts.get(i).getOutput());
      }
    }
    assertTrue(execs > 0, "the sample has exec ops");
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void fileActionsHaveTheDumpedValues(String sample) throws IOException {
    LlbDefinition definition = definition(sample);
    int copies = 0;
    for (DumpedOp dumped : dump(sample)) {
      JsonNode file = dumped.body().path("file");
      if (file.isMissingNode()) {
        continue;
      }
      List<FileAction> actions = vertex(definition, dumped).op().getFile().getActionsList();
      assertEquals(file.get("actions").size(), actions.size());
      for (int i = 0; i < actions.size(); i++) {
        JsonNode expected = file.get("actions").get(i);
        FileAction action = actions.get(i);
        assertEquals(expected.path("input").asLong(), action.getInput());
        assertEquals(expected.path("secondaryInput").asLong(), action.getSecondaryInput());
        assertEquals(expected.path("output").asLong(), action.getOutput());
        JsonNode copy = expected.get("Action").path("copy");
        JsonNode mkdir = expected.get("Action").path("mkdir");
        if (!copy.isMissingNode()) {
          copies++;
          assertCopy(copy, action.getCopy());
        } else if (!mkdir.isMissingNode()) {
          assertMkdir(mkdir, action.getMkdir());
        } else {
          throw new AssertionError("the samples hold only copy and mkdir actions: " + expected);
        }
      }
    }
    assertTrue(copies > 0, "the sample has copy actions");
  }

  private static void assertCopy(JsonNode expected, FileActionCopy copy) {
    assertEquals(expected.get("src").asText(), copy.getSrc());
    assertEquals(expected.get("dest").asText(), copy.getDest());
    assertEquals(expected.path("mode").asInt(), copy.getMode());
    assertEquals(expected.path("followSymlink").asBoolean(), copy.getFollowSymlink());
    assertEquals(expected.path("dirCopyContents").asBoolean(), copy.getDirCopyContents());
    assertEquals(expected.path("createDestPath").asBoolean(), copy.getCreateDestPath());
    assertEquals(expected.path("allowWildcard").asBoolean(), copy.getAllowWildcard());
    assertEquals(expected.path("allowEmptyWildcard").asBoolean(), copy.getAllowEmptyWildcard());
    assertEquals(expected.path("timestamp").asLong(), copy.getTimestamp());
    assertFalse(copy.hasOwner());
  }

  private static void assertMkdir(JsonNode expected, FileActionMkDir mkdir) {
    assertEquals(expected.get("path").asText(), mkdir.getPath());
    assertEquals(expected.path("mode").asInt(), mkdir.getMode());
    assertEquals(expected.path("makeParents").asBoolean(), mkdir.getMakeParents());
    assertEquals(expected.path("timestamp").asLong(), mkdir.getTimestamp());
  }

  @Test
  void copyFromReadsFromTwoStagesOfOneImage() throws IOException {
    LlbDefinition definition = definition(LlbSamples.COPY_FROM);
    Map<Op.OpCase, Long> kinds = definition.vertices().stream()
        .collect(Collectors.groupingBy(v -> v.op().getOpCase(), Collectors.counting()));

    assertEquals(Map.of(Op.OpCase.SOURCE, 1L, Op.OpCase.FILE, 4L, Op.OpCase.EXEC, 2L, Op.OpCase.OP_NOT_SET, 1L), kinds);
    assertEquals(Optional.of("[stage-1 5/5] RUN ls -R /app"), definition.result().vertex().customName());
  }

  @Test
  void readsFromAStream() throws IOException {
    Path def = LlbSamples.dir(LlbSamples.MULTISTAGE_PARALLEL).resolve("def.pb");
    try (InputStream in = Files.newInputStream(def)) {
      assertEquals(LlbDefinition.read(def).vertices(), LlbDefinition.read(in).vertices());
    }
  }

  @Test
  void verticesComeAfterTheirInputsAndAreImmutable() throws IOException {
    List<Vertex> vertices = definition(LlbSamples.MULTISTAGE_PARALLEL).vertices();
    for (int i = 0; i < vertices.size(); i++) {
      for (VertexInput input : vertices.get(i).inputs()) {
        assertTrue(vertices.indexOf(input.vertex()) < i, vertices.get(i) + " after " + input.vertex());
      }
    }
    org.junit.jupiter.api.Assertions.assertThrows(UnsupportedOperationException.class, () -> vertices.remove(0));
  }
}
