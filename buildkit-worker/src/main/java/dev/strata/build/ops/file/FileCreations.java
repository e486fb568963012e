package dev.strata.build.ops.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The regular files a copy creates in one directory, created on a pool shared by every copy while
 * the copy walks on, so that a large directory fills with one thread per core: creating a file costs
 * far more than deciding to.
 */
final class FileCreations {
  /** One file's creation. */
  @FunctionalInterface
  interface Creation {
    void create() throws IOException;
  }

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), task -> {
        Thread thread = new Thread(task, "strata-file-creation");
        thread.setDaemon(true);
        return thread;
      });

  private final List<Future<?>> pending = new ArrayList<>();

  void submit(Creation creation) {
    pending.add(POOL.submit(() -> {
      try {
        creation.create();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }));
  }

  /**
   * Waits until every submitted file exists, even when one failed, so that nothing writes in the
   * directory once this returns; throws the first failure.
   */
  void awaitAll() throws IOException {
    boolean interrupted = false;
    Throwable failure = null;
    for (Future<?> creation : pending) {
      while (true) {
        try {
          creation.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
          break;
        }
      }
    }
    pending.clear();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure instanceof UncheckedIOException e) {
      throw e.getCause();
    }
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }
}
