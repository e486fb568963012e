package dev.strata.proxy;

import sun.misc.Signal;

/**
 * Turns SIGTERM and SIGINT into an orderly stop. A JVM shutdown hook would also run on these
 * signals, but the process would then exit with 143 or 130 and hooks run in no fixed order; handling
 * the signals lets the main thread drain calls, close the store and exit 0.
 */
final class ShutdownSignals {
    private ShutdownSignals() {
    }

    static void onTermination(Runnable action) {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> action.run());
        }
    }
}
