package dev.strata.build.solver;

/** A vertex failed, which stopped the build. */
public final class SolveException extends RuntimeException {
  private final String vertexDigest;
  private final String vertexName;

  SolveException(String vertexDigest, String vertexName, Throwable cause) {
    super("failed to solve " + vertexName + ": " + describe(cause), cause);
    this.vertexDigest = vertexDigest;
    this.vertexName = vertexName;
  }

  private static String describe(Throwable cause) {
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }

  public String vertexDigest() {
    return vertexDigest;
  }

  /** The vertex's custom name, or its digest when it has none. */
  public String vertexName() {
    return vertexName;
  }
}
