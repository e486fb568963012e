package dev.strata.build.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code NAME=DIR} of {@code --local} and {@code --oci-layout}: a directory the build reads by name. */
record NamedDirectory(String name, Path directory) {

  /** Parses {@code NAME=DIR}; the directory must exist. */
  static NamedDirectory parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || equals == text.length() - 1) {
      throw new IllegalArgumentException("failed to parse '" + text + "': expected NAME=DIR");
    }
    Path directory = Path.of(text.substring(equals + 1)).toAbsolutePath().normalize();
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("failed to parse '" + text + "': " + directory + " is not a directory");
    }
    return new NamedDirectory(text.substring(0, equals), directory);
  }
}
