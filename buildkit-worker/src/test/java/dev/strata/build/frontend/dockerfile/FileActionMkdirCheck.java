package dev.strata.build.frontend.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.FileActionMkDir;

final class FileActionMkdirCheck {
  private FileActionMkdirCheck() {}

  static void assertMkdir(Vertex vertex, String path) {
    FileActionMkDir mkdir = vertex.op().getFile().getActions(0).getMkdir();
    assertEquals(path, mkdir.getPath());
    assertEquals(0755, mkdir.getMode());
    assertTrue(mkdir.getMakeParents());
  }
}
