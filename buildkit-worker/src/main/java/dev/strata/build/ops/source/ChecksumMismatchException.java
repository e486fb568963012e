package dev.strata.build.ops.source;

/** Downloaded content whose digest is not the one the source pins. */
public final class ChecksumMismatchException extends RuntimeException {
  public ChecksumMismatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
