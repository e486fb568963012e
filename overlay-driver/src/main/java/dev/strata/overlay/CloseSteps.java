package dev.strata.overlay;

import java.util.List;

/** Runs the steps that release a component's parts: every one, even after one fails. */
final class CloseSteps {
    private CloseSteps() {
    }

    /** Runs {@code steps} in order, then throws the first failure, with the later ones suppressed in it. */
    static void runAll(List<Runnable> steps) {
        Throwable failure = null;
        for (Runnable step : steps) {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure instanceof RuntimeException e) {
            throw e;
        } else if (failure instanceof Error e) {
            throw e;
        }
    }
}
