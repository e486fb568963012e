package dev.strata.build.llb;

import java.util.Objects;

/** An edge of the graph: output {@code index} of {@code vertex}. */
public record VertexInput(Vertex vertex, int index) {
  public VertexInput {
    Objects.requireNonNull(vertex, "vertex");
  }
}
