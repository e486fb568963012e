package dev.strata.build.worker;

import java.nio.file.Path;

/**
 * The files and directories of a worker root: {@code lock}, {@code snapshots/} (the embedded
 * snapshotter), {@code content/} (blobs), {@code images.json} (image names), {@code cache-index.json}
 * and {@code mounts/} (the solver's), and {@code serve.address} while a serve daemon runs on it.
 */
public record WorkerLayout(Path root) {

  public Path lock() {
    return root.resolve("lock");
  }

  public Path snapshots() {
    return root.resolve("snapshots");
  }

  public Path content() {
    return root.resolve("content");
  }

  /** The serve daemon's socket path, written while one serves this root. */
  public Path serveAddress() {
    return root.resolve("serve.address");
  }

  /** Where {@code strata-build serve} listens unless told otherwise. */
  public Path defaultServeSocket() {
    return root.resolve("serve.sock");
  }
}
