package dev.strata.build.ops;

/** No implementation is registered for a vertex's kind of op. */
public final class UnsupportedOpException extends RuntimeException {
  private final OpKind kind;

  public UnsupportedOpException(OpKind kind, String vertexName) {
    super("unsupported op " + vertexName + " (" + kind.displayName() + ")");
    this.kind = kind;
  }

  public OpKind kind() {
    return kind;
  }
}
