package dev.strata.build.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --secret id=ID,src=FILE} (buildctl's syntax; {@code source=} for {@code src=}): a secret's file. */
record SecretFile(String id, Path file) {

  /** Parses the spec; the file must be readable. */
  static SecretFile parse(String text) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String field : text.split(",")) {
      int equals = field.indexOf('=');
      if (equals <= 0) {
        throw new IllegalArgumentException("failed to parse secret '" + text + "': expected id=ID,src=FILE");
      }
      String key = field.substring(0, equals).trim();
      fields.put(key.equals("source") ? "src" : key, field.substring(equals + 1).trim());
    }
    String id = fields.remove("id");
    String source = fields.remove("src");
    if (!fields.isEmpty()) {
      throw new IllegalArgumentException("failed to parse secret '" + text + "': unsupported field(s) " + fields.keySet()
          + " (only id and src)");
    }
    if (id == null || id.isEmpty() || source == null || source.isEmpty()) {
      throw new IllegalArgumentException("failed to parse secret '" + text + "': expected id=ID,src=FILE");
    }
    Path file = Path.of(source).toAbsolutePath().normalize();
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new IllegalArgumentException("failed to parse secret '" + text + "': " + file + " is not a readable file");
    }
    return new SecretFile(id, file);
  }
}
