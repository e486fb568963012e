package dev.strata.build.worker;

import java.nio.file.Path;

/** Another worker process (an in-process build or a {@code strata-build serve} daemon) holds the root. */
public final class RootInUseException extends RuntimeException {
  private final Path root;

  RootInUseException(Path root, String holderPid) {
    super("failed to open worker root " + root + ": in use by process "
        + (holderPid.isEmpty() ? "(unknown)" : holderPid)
        + " (another strata-build, or a strata-build serve daemon on another socket)");
    this.root = root;
  }

  public Path root() {
    return root;
  }
}
