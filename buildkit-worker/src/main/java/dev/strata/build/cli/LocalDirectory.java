package dev.strata.build.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --local NAME=DIR}: the directory that {@code local://NAME} sources read. */
record LocalDirectory(String name, Path directory) {

  /** Parses {@code NAME=DIR}; the directory must exist. */
  static LocalDirectory parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || equals == text.length() - 1) {
      throw new IllegalArgumentException("failed to parse local '" + text + "': expected NAME=DIR");
    }
    Path directory = Path.of(text.substring(equals + 1)).toAbsolutePath().normalize();
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("failed to parse local '" + text + "': " + directory + " is not a directory");
    }
    return new LocalDirectory(text.substring(0, equals), directory);
  }
}
