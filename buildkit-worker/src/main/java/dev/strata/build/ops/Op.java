package dev.strata.build.ops;

import java.util.List;

/**
 * One LLB op ready to run: a pure cache key and a separate execution.
 *
 * <p>Implementations are created per vertex by an {@link OpFactory} registered with the {@link
 * OpResolver}; they hold the vertex's op and nothing else that changes.
 */
public interface Op {

  /**
   * The op's cache key, computed without I/O: {@code sha256:} over a type tag, the op's canonical bytes
   * with everything that must not affect the result cleared, and {@code inputKeys}.
   *
   * @param inputKeys one key per input of the vertex, in input order
   */
  String cacheKey(List<String> inputKeys);

  /**
   * Runs the op on its inputs and returns its outputs as newly committed snapshots, which the caller
   * then owns. On failure the op leaves no snapshot of its own behind.
   *
   * @param inputs one committed snapshot per input of the vertex, in input order; read only
   * @throws Exception anything that stops the op; the caller reports it with the vertex's name
   */
  List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception;
}
