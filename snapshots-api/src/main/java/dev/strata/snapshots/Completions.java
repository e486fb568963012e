package dev.strata.snapshots;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for and unwrapping the futures of asynchronous calls, so that callers see the exceptions the calls fail with. */
public final class Completions {
    private Completions() {
    }

    /** Waits, uninterruptibly, for {@code future} and returns its result or throws the exception it failed with. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = cause(e);
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** The exception a stage failed with, without the {@link CompletionException} that dependent stages wrap it in. */
    public static Throwable cause(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }
}
