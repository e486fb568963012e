package dev.strata.build.ops;

import java.util.List;

/**
 * One LLB op ready to run: a cache key and a separate execution.
 *
 * <p>How the key is made is the kind of op: a {@link DefinitionKeyedOp} computes it from the definition
 * and its inputs' keys without I/O; a {@link ContentKeyedOp}, a source whose result depends on data
 * outside the definition, digests that data. Every op is exactly one of the two, so the solver always
 * knows which key to ask for (as each BuildKit op gives a {@code CacheMap}, which for a source is the
 * source's own key).
 *
 * <p>Implementations are created per vertex by an {@link OpFactory} registered with the {@link
 * OpResolver}; they hold the vertex's op and nothing else that changes.
 */
public sealed interface Op permits DefinitionKeyedOp, ContentKeyedOp {

  /**
   * Runs the op on its inputs and returns its outputs as newly committed snapshots, which the caller
   * then owns. On failure the op leaves no snapshot of its own behind.
   *
   * @param inputs one committed snapshot per input of the vertex, in input order; read only
   * @throws Exception anything that stops the op; the caller reports it with the vertex's name
   */
  List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws Exception;
}
