package dev.strata.build.ops;

import java.util.List;

/** An op whose result follows from its definition and its inputs, so that they alone key it. */
public non-sealed interface DefinitionKeyedOp extends Op {

  /**
   * The op's cache key, computed without I/O: {@code sha256:} over a type tag, the op's canonical bytes
   * with everything that must not affect the result cleared, and {@code inputKeys}.
   *
   * @param inputKeys one key per input of the vertex, in input order
   */
  String cacheKey(List<String> inputKeys);
}
