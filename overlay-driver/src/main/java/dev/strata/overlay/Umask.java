package dev.strata.overlay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The process's file mode creation mask, which mkdir(2) applies to the mode it is given. */
final class Umask {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final String FIELD = "Umask:";
    /** When the mask cannot be read, every bit counts as masked, so that callers set modes themselves. */
    private static final int UNKNOWN = 0777;

    private Umask() {
    }

    /** Read from /proc/self/status (Linux 4.7 and later); Java cannot change it, so reading it once will do. */
    static int current() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(FIELD)) {
                    return Integer.parseInt(line.substring(FIELD.length()).trim(), 8);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return UNKNOWN;
        }
        return UNKNOWN;
    }
}
