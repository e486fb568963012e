package dev.strata.build.serve;

/** A build handed to a serve daemon failed, or the daemon refused it; the message is the daemon's. */
public final class RemoteBuildException extends RuntimeException {
  private final boolean rejected;

  RemoteBuildException(String message, boolean rejected) {
    super(message);
    this.rejected = rejected;
  }

  /** True if the daemon refused the request as given (a usage error), false if the build failed. */
  public boolean rejected() {
    return rejected;
  }
}
