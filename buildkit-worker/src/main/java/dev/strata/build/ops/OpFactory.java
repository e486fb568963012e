package dev.strata.build.ops;

import dev.strata.build.llb.Vertex;

/** Makes the {@link Op} that runs one vertex of a given {@link OpKind}. */
@FunctionalInterface
public interface OpFactory {
  Op create(Vertex vertex);
}
