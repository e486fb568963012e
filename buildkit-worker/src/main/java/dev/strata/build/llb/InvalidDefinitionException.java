package dev.strata.build.llb;

import java.util.Optional;

/**
 * An LLB definition that cannot be loaded. {@link #problem()} says what is wrong; when one op is to
 * blame, {@link #digest()} and {@link #customName()} name it.
 */
public final class InvalidDefinitionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What makes a definition unloadable. */
  public enum Problem {
    /** The bytes are not a pb.Definition, or an entry of def is not a pb.Op. */
    MALFORMED,
    /** The definition has no ops. */
    EMPTY,
    /** The last entry of def is not a terminal op (inputs and no op body). */
    NO_TERMINAL,
    /** An op other than the terminal one has no op body. */
    NO_OP_TYPE,
    /** An op lacks what its type needs: an exec its args or root mount, a file op its actions, a diff a side. */
    INCOMPLETE_OP,
    /** An op is of a type this worker does not execute (BuildOp, PassthroughOp). */
    UNSUPPORTED_OP,
    /** An input digest names no op of the definition. */
    MISSING_INPUT,
    /** An input asks for an output index the named op does not produce. */
    OUTPUT_OUT_OF_RANGE,
    /** A mount, file action, merge or diff input refers past the op's own inputs. */
    INPUT_OUT_OF_RANGE,
    /** The ops depend on each other in a cycle. */
    CYCLE
  }

  private final Problem problem;
  private final String digest;
  private final String customName;

  InvalidDefinitionException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
    this.digest = null;
    this.customName = null;
  }

  InvalidDefinitionException(Problem problem, OpRef op, String cause) {
    super("failed to load LLB definition: op " + op + ": " + cause);
    this.problem = problem;
    this.digest = op.digest();
    this.customName = op.customName().orElse(null);
  }

  public Problem problem() {
    return problem;
  }

  /** The digest of the op at fault, if one is. */
  public Optional<String> digest() {
    return Optional.ofNullable(digest);
  }

  /** The llb.customname of the op at fault, if it has one. */
  public Optional<String> customName() {
    return Optional.ofNullable(customName);
  }
}
