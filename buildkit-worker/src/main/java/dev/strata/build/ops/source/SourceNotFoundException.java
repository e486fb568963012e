package dev.strata.build.ops.source;

/** What a source names is not where the source says: an image, an OCI layout store or one of its blobs. */
public final class SourceNotFoundException extends RuntimeException {
  public SourceNotFoundException(String message) {
    super(message);
  }
}
