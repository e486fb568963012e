package dev.strata.build.exec;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The undo steps of one exec, run in reverse order of registration by {@link #close()}: every step
 * runs even when an earlier one fails, and the failures are reported together.
 */
final class CleanupStack implements AutoCloseable {
    /** One undo step. */
    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private record Named(String what, Step step) {
    }

    private final Deque<Named> steps = new ArrayDeque<>();

    /** Registers {@code step}; {@code what} names it in a failure, e.g. "unmount /x". */
    void push(String what, Step step) {
        steps.push(new Named(what, step));
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        while (!steps.isEmpty()) {
            Named named = steps.pop();
            try {
                named.step().run();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (failure == null) {
                    failure = new IOException("failed to clean up after exec: " + named.what() + ": " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
