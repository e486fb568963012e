package dev.strata.build.solver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.VertexInput;
import dev.strata.build.llb.pb.DiffOp;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.FileActionCopy;
import dev.strata.build.llb.pb.FileActionMkDir;
import dev.strata.build.llb.pb.FileActionSymlink;
import dev.strata.build.llb.pb.FileOp;
import dev.strata.build.llb.pb.LowerDiffInput;
import dev.strata.build.llb.pb.MergeOp;
import dev.strata.build.llb.pb.Meta;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import dev.strata.build.llb.pb.SourceOp;
import dev.strata.build.llb.pb.UpperDiffInput;
import java.util.List;
import org.junit.jupiter.api.Test;

class VertexNamesTest {
  private static final Vertex IMAGE = vertex("a", Op.newBuilder()
      .setSource(SourceOp.newBuilder().setIdentifier("docker-image://docker.io/library/busybox:latest")).build());
  private static final Vertex NAMED = new Vertex("sha256:b", IMAGE.op(),
      OpMetadata.newBuilder().putDescription(Vertex.CUSTOM_NAME, "[base 1/2] say \"hi\"").build(), List.of());

  @Test
  void aCustomNameWins() {
    assertEquals("[base 1/2] say \"hi\"", name(NAMED));
  }

  @Test
  void sourcesExecsAndFileOpsAreNamedFromTheirOp() {
    assertEquals("docker-image://docker.io/library/busybox:latest", name(IMAGE));
    Vertex exec = vertex("c", Op.newBuilder()
        .setExec(ExecOp.newBuilder().setMeta(Meta.newBuilder().addArgs("/bin/sh").addArgs("-c").addArgs("echo hi"))).build(), IMAGE);
    assertEquals("/bin/sh -c echo hi", name(exec));
    Vertex file = vertex("d", Op.newBuilder().setFile(FileOp.newBuilder()
        .addActions(FileAction.newBuilder().setMkdir(FileActionMkDir.newBuilder().setPath("/app")))
        .addActions(FileAction.newBuilder().setCopy(FileActionCopy.newBuilder().setSrc("/src").setDest("/app/src")))
        .addActions(FileAction.newBuilder().setSymlink(FileActionSymlink.newBuilder().setOldpath("src").setNewpath("/app/link"))))
        .build(), IMAGE);
    assertEquals("mkdir /app, copy /src /app/src, symlink /app/link -> src", name(file));
  }

  @Test
  void mergesAndDiffsQuoteTheNamesOfTheirInputs() {
    Vertex merge = vertex("e", Op.newBuilder().setMerge(MergeOp.getDefaultInstance()).build(), IMAGE, NAMED);
    assertEquals("merge \"docker-image://docker.io/library/busybox:latest\" + \"[base 1/2] say \\\"hi\\\"\"", name(merge));
    Vertex diff = vertex("f", Op.newBuilder().setDiff(DiffOp.newBuilder()
        .setLower(LowerDiffInput.newBuilder().setInput(-1)).setUpper(UpperDiffInput.newBuilder().setInput(0))).build(), IMAGE);
    assertEquals("diff scratch -> \"docker-image://docker.io/library/busybox:latest\"", name(diff));
  }

  private static String name(Vertex vertex) {
    return VertexNames.of(vertex, VertexNamesTest::name);
  }

  private static Vertex vertex(String digest, Op op, Vertex... inputs) {
    return new Vertex("sha256:" + digest, op, OpMetadata.getDefaultInstance(),
        List.of(inputs).stream().map(input -> new VertexInput(input, 0)).toList());
  }
}
