package dev.strata.build.ops.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarUnpackingTest {
  @TempDir Path directory;

  @Test
  void aGzipTarIsExtractedWithItsDirectories() throws IOException {
    Path archive = directory.resolve("files.tar.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(archive))) {
      writeTar(out, "sub/inside.txt", "from the tar\n");
    }
    Path target = Files.createDirectory(directory.resolve("target"));

    assertTrue(TarUnpacking.isArchive(archive));
    TarUnpacking.unpack(archive, target);

    assertEquals("from the tar\n", Files.readString(target.resolve("sub/inside.txt")));
  }

  @Test
  void entriesThatClimbOutStayInsideTheTarget() throws IOException {
    Path archive = directory.resolve("escape.tar");
    try (OutputStream out = Files.newOutputStream(archive)) {
      writeTar(out, "../../escaped.txt", "x");
    }
    Path target = Files.createDirectories(directory.resolve("a/target"));

    TarUnpacking.unpack(archive, target);

    assertTrue(Files.exists(target.resolve("escaped.txt")));
    assertFalse(Files.exists(directory.resolve("escaped.txt")));
  }

  @Test
  void aTextFileAndADirectoryAreNoArchives() throws IOException {
    Path text = Files.writeString(directory.resolve("notes.txt"), "just text\n");

    assertFalse(TarUnpacking.isArchive(text));
    assertFalse(TarUnpacking.isArchive(directory));
  }

  private static void writeTar(OutputStream out, String name, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      TarArchiveEntry entry = new TarArchiveEntry(name, true);
      entry.setSize(bytes.length);
      entry.setMode(0100644);
      tar.putArchiveEntry(entry);
      tar.write(bytes);
      tar.closeArchiveEntry();
    }
  }
}
