package dev.strata.build.exec;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a {@link RuncExecutor} runs: the runc command, the worker's state directory (runc's state and
 * the per-exec bundles live below it), whether execs may ask for insecure mode (BuildKit's
 * security.insecure entitlement), and how many output lines a failure keeps.
 */
public record ExecutorConfig(String runcCommand, Path stateDir, boolean allowInsecure, int outputTailLines) {
    public ExecutorConfig {
        Objects.requireNonNull(runcCommand, "runcCommand");
        Objects.requireNonNull(stateDir, "stateDir");
        if (outputTailLines < 1) {
            throw new IllegalArgumentException("outputTailLines must be at least 1: " + outputTailLines);
        }
        stateDir = stateDir.toAbsolutePath();
    }

    /** Debian's runc from PATH, no insecure mode, the last 20 lines. */
    public static ExecutorConfig defaults(Path stateDir) {
        return new ExecutorConfig("runc", stateDir, false, 20);
    }

    public ExecutorConfig withAllowInsecure(boolean allow) {
        return new ExecutorConfig(runcCommand, stateDir, allow, outputTailLines);
    }
}
