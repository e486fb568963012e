package dev.strata.build.exec;

import java.util.List;

/** The exec's process ended with a non-zero exit code; carries the code and the last lines it printed. */
public final class ExecFailedException extends Exception {
    private final int exitCode;
    private final List<String> lastLines;

    ExecFailedException(List<String> args, int exitCode, List<String> lastLines) {
        super("failed to run " + args + ": exit code " + exitCode
                + (lastLines.isEmpty() ? "" : "; last output:\n" + String.join("\n", lastLines)));
        this.exitCode = exitCode;
        this.lastLines = List.copyOf(lastLines);
    }

    public int exitCode() {
        return exitCode;
    }

    public List<String> lastLines() {
        return lastLines;
    }
}
