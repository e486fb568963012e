package dev.strata.build.llb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One line of {@code buildctl debug dump-llb}: an op as JSON, its digest and its metadata. */
record DumpedOp(String digest, JsonNode op, JsonNode metadata) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static List<DumpedOp> read(Path dumpJson) throws IOException {
    List<DumpedOp> ops = new ArrayList<>();
    for (String line : Files.readAllLines(dumpJson)) {
      if (!line.isBlank()) {
        JsonNode node = JSON.readTree(line);
        ops.add(new DumpedOp(node.get("Digest").asText(), node.get("Op"), node.path("OpMetadata")));
      }
    }
    return ops;
  }

  /** The op body, e.g. {@code {"exec": {...}}}; missing for the terminal op. */
  JsonNode body() {
    return op.path("Op");
  }
}
