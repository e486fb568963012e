package dev.strata.build.ops;

import dev.strata.build.llb.Vertex;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/** Picks the implementation of each vertex's op among the registered {@link OpFactory}s. */
public final class OpResolver {
  private final Map<OpKind, OpFactory> factories;

  private OpResolver(Map<OpKind, OpFactory> factories) {
    this.factories = factories;
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the op that runs {@code vertex}.
   *
   * @throws UnsupportedOpException if nothing is registered for the vertex's kind of op
   */
  public Op resolve(Vertex vertex) {
    OpKind kind = OpKind.of(vertex.op());
    OpFactory factory = factories.get(kind);
    if (factory == null) {
      throw new UnsupportedOpException(kind, vertex.customName().orElse(vertex.digest()));
    }
    return factory.create(vertex);
  }

  public static final class Builder {
    private final Map<OpKind, OpFactory> factories = new EnumMap<>(OpKind.class);

    private Builder() {}

    /** Registers {@code factory} for {@code kind}, replacing an earlier registration. */
    public Builder register(OpKind kind, OpFactory factory) {
      factories.put(Objects.requireNonNull(kind, "kind"), Objects.requireNonNull(factory, "factory"));
      return this;
    }

    public OpResolver build() {
      return new OpResolver(new EnumMap<>(factories));
    }
  }
}
