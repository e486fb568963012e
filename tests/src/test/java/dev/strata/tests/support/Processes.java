package dev.strata.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Process state as the kernel reports it. */
public final class Processes {

    private Processes() {
    }

    /**
     * True while the process runs. A killed orphan may stay a zombie where init does not reap
     * (as in some sandboxes), and {@link ProcessHandle#isAlive()} counts zombies as alive.
     */
    public static boolean isRunning(ProcessHandle process) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }
}
