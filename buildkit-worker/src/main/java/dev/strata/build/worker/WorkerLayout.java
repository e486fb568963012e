package dev.strata.build.worker;

import java.nio.file.Path;

/**
 * The files and directories of a worker root: {@code lock}, {@code snapshots/} (the embedded
 * snapshotter), {@code content/} (blobs), {@code images.json} (image names), {@code cache-index.json}
 * and {@code mounts/} (the solver's), {@code exec/} and {@code cache-mounts/} (the exec op's), {@code export-mounts/}, and {@code serve.address} while a serve daemon runs on it.
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

  /** runc's state and the bundles of running execs. */
  public Path execState() {
    return root.resolve("exec");
  }

  /** The persistent cache mounts of exec ops. */
  public Path cacheMounts() {
    return root.resolve("cache-mounts");
  }

  /** Mount points of results being exported. */
  public Path exportMounts() {
    return root.resolve("export-mounts");
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
