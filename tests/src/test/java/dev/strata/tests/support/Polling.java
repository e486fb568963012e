package dev.strata.tests.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for conditions that other processes make true (a socket listening, a GC run). */
public final class Polling {

    private static final Duration INTERVAL = Duration.ofMillis(50);

    private Polling() {
    }

    /**
     * Polls {@code condition} until it holds; throws {@link IllegalStateException} naming {@code what}
     * and the {@code details} once {@code timeout} has passed. The condition may throw to give up early.
     */
    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> details) {
        if (!holdsWithin(timeout, condition)) {
            throw new IllegalStateException("failed to wait for " + what + " within " + timeout + "\n"
                    + details.get());
        }
    }

    /** Polls {@code condition} until it holds (true) or {@code timeout} has passed (false). */
    public static boolean holdsWithin(Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            try {
                Thread.sleep(INTERVAL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("failed to wait: interrupted", e);
            }
        }
        return true;
    }
}
