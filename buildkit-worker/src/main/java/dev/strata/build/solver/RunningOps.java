package dev.strata.build.solver;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * The threads running one solve's ops, so that cancelling the solve interrupts them (an exec kills and
 * deletes its container) and waits until each has cleaned up; ops not started yet do not start.
 */
final class RunningOps {
  private final Set<Thread> threads = new HashSet<>();
  private boolean cancelled;

  /** Runs {@code op} on this thread, unless the solve was cancelled. */
  <T> T run(Supplier<T> op) {
    Thread thread = Thread.currentThread();
    synchronized (this) {
      if (cancelled) {
        throw new CancellationException("not started: the build was cancelled");
      }
      threads.add(thread);
    }
    try {
      return op.get();
    } finally {
      synchronized (this) {
        threads.remove(thread);
        notifyAll();
      }
    }
  }

  /** Interrupts the running ops and waits until they return; the caller's interrupt is kept. */
  synchronized void cancel() {
    cancelled = true;
    threads.forEach(Thread::interrupt);
    boolean interrupted = false;
    while (!threads.isEmpty()) {
      try {
        wait();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
