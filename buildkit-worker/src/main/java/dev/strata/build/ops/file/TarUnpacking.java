package dev.strata.build.ops.file;

import dev.strata.build.layer.Compression;
import dev.strata.build.layer.LayerApplier;
import dev.strata.build.layer.SnapshotDirectories;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A copy's {@code attemptUnpackDockerCompatibility}: a source file that is a tar archive, plain,
 * gzip or zstd, is extracted into the destination directory instead of copied, as Dockerfile ADD does.
 */
final class TarUnpacking {
  private static final int TAR_HEADER = 512;

  private TarUnpacking() {
  }

  /** True if {@code source} is a regular file holding a tar archive. */
  static boolean isArchive(Path source) throws IOException {
    if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try (InputStream plain = Compression.decompressing(Files.newInputStream(source))) {
      byte[] header = plain.readNBytes(TAR_HEADER);
      return TarArchiveInputStream.matches(header, header.length);
    } catch (IOException e) {
      return false;
    }
  }

  /** Extracts the archive {@code source} into the directory {@code directory}, which must exist. */
  static void unpack(Path source, Path directory) throws IOException {
    try (InputStream archive = Files.newInputStream(source)) {
      LayerApplier.withoutDeletionMarkers().apply(new SnapshotDirectories(directory, List.of()), archive);
    }
  }
}
