package dev.strata.build.frontend.dockerfile.parser;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A parsed Dockerfile: its instructions in order, its escape token and its syntax directive, if any. */
public record ParsedDockerfile(String file, List<Node> nodes, char escapeToken, Optional<String> syntax) {
  public ParsedDockerfile {
    Objects.requireNonNull(file, "file");
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(syntax, "syntax");
  }
}
