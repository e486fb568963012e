package dev.strata.tests.support;

import java.util.ArrayList;
import java.util.List;

/** Runs every cleanup step even when earlier ones fail, then reports the failures together. */
final class Cleanup {

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private Cleanup() {
    }

    static void runAll(String what, Step... steps) {
        List<Throwable> failures = new ArrayList<>();
        for (Step step : steps) {
            try {
                step.run();
            } catch (Exception | AssertionError e) {
                failures.add(e);
            }
        }
        if (!failures.isEmpty()) {
            IllegalStateException failure = new IllegalStateException(
                    "failed to clean up " + what + ": " + failures.get(0).getMessage(), failures.get(0));
            failures.subList(1, failures.size()).forEach(failure::addSuppressed);
            throw failure;
        }
    }
}
