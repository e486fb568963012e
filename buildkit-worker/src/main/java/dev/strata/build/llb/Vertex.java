package dev.strata.build.llb;

import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.OpMetadata;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One op of a loaded definition with its metadata and its inputs resolved to vertices.
 *
 * <p>Two vertices are equal when digest and metadata are: the digest covers the op's bytes, which
 * include the digests of its inputs.
 *
 * @param digest "sha256:..." of the op's bytes as they appear in the definition
 * @param op the parsed op
 * @param metadata the op's metadata, the default instance when the definition has none
 * @param inputs one entry per {@code op.getInputsList()} entry, in the same order
 */
public record Vertex(String digest, Op op, OpMetadata metadata, List<VertexInput> inputs) {

  /** The description key BuildKit shows as a vertex's name in progress output. */
  public static final String CUSTOM_NAME = "llb.customname";

  public Vertex {
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(metadata, "metadata");
    inputs = List.copyOf(inputs);
  }

  public Optional<String> customName() {
    return customName(metadata);
  }

  static Optional<String> customName(OpMetadata metadata) {
    return Optional.ofNullable(metadata.getDescriptionMap().get(CUSTOM_NAME));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Vertex other && digest.equals(other.digest) && metadata.equals(other.metadata);
  }

  @Override
  public int hashCode() {
    return digest.hashCode();
  }

  @Override
  public String toString() {
    return new OpRef(digest, customName()).toString();
  }
}
