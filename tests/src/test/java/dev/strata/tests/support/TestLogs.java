package dev.strata.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where daemons started by tests write their output. The files outlive the test (unlike scratch
 * directories) so that CI can keep them; the location is {@code strata.it.logs}, by default
 * {@code target/it-logs} of the tests module.
 */
public final class TestLogs {

    private TestLogs() {
    }

    /** A new, unique log file whose name starts with {@code prefix}. */
    public static Path newFile(String prefix) {
        try {
            Path dir = Files.createDirectories(directory());
            return Files.createTempFile(dir, prefix + "-", ".log");
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create log file: " + e.getMessage(), e);
        }
    }

    /** The last {@code maxLines} lines of a log, for failure messages. */
    public static String tail(Path log, int maxLines) {
        try {
            var lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - maxLines), lines.size()));
        } catch (IOException e) {
            return "(failed to read " + log + ": " + e.getMessage() + ")";
        }
    }

    private static Path directory() {
        String configured = System.getProperty("strata.it.logs");
        return configured != null ? Path.of(configured) : Modules.testsModule().resolve("target").resolve("it-logs");
    }
}
