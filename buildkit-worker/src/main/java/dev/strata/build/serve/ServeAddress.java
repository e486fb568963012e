package dev.strata.build.serve;

import dev.strata.build.worker.WorkerLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * The file in a worker root that names the socket of the daemon serving that root, so a CLI given the
 * same {@code --root} finds the daemon whatever {@code --address} it was started with.
 */
final class ServeAddress {
  private final Path file;

  ServeAddress(WorkerLayout layout) {
    this.file = layout.serveAddress();
  }

  Optional<Path> read() {
    try {
      return Optional.of(Path.of(Files.readString(file, StandardCharsets.UTF_8).trim()));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read serve address " + file + ": " + e.getMessage(), e);
    }
  }

  void write(Path socket) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      Files.writeString(temporary, socket.toAbsolutePath() + "\n", StandardCharsets.UTF_8);
      Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to write serve address " + file + ": " + e.getMessage(), e);
    }
  }

  /** Removes the file if it still names {@code socket}. */
  void removeIfNames(Path socket) {
    if (read().filter(socket.toAbsolutePath()::equals).isPresent()) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        throw new UncheckedIOException("failed to remove serve address " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
