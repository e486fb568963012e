package dev.strata.build.worker;

import dev.strata.build.export.ExportResult;
import dev.strata.build.export.OutputSpec;
import dev.strata.build.solver.ProgressEvent;
import dev.strata.build.solver.ProgressListener;
import java.time.Duration;
import java.util.function.Supplier;

/** One export, reported as a step of the build the way buildctl shows "exporting to ...". */
final class ExportStep {
  private final String id;
  private final String name;

  ExportStep(OutputSpec output) {
    this.name = "exporting to " + destination(output);
    this.id = "export:" + name;
  }

  /** What BuildKit's exporters call their destination in progress output. */
  private static String destination(OutputSpec output) {
    return switch (output.type()) {
      case OCI -> "oci image format";
      case DOCKER -> "docker image format";
      case LOCAL -> "client directory";
      case IMAGE -> "image";
    };
  }

  ExportResult run(ProgressListener listener, Supplier<ExportResult> export) {
    listener.onEvent(new ProgressEvent.Started(id, name));
    long start = System.nanoTime();
    try {
      ExportResult result = export.get();
      result.metadata().forEach((key, value) -> listener.onEvent(new ProgressEvent.Log(id, name, key + ": " + value)));
      listener.onEvent(new ProgressEvent.Done(id, name, Duration.ofNanos(System.nanoTime() - start)));
      return result;
    } catch (RuntimeException e) {
      listener.onEvent(new ProgressEvent.Failed(id, name, e.getMessage()));
      throw e;
    }
  }
}
