package dev.strata.tests.support;

import java.util.List;

/** The outcome of a finished external command: what tests assert on. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    /** Returns stdout, or fails the test with the command, exit code and stderr. */
    public String requireSuccess() {
        if (!succeeded()) {
            throw new AssertionError("failed to run " + this);
        }
        return stdout;
    }

    @Override
    public String toString() {
        return String.join(" ", command) + ": exit code " + exitCode
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
