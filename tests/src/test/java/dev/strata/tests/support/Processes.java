package dev.strata.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;

/** Process state as the kernel reports it, and stopping groups of processes that are not our children. */
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

    /** SIGTERM to all, up to {@code grace} for them to exit, then SIGKILL to the rest. */
    public static void terminate(Collection<ProcessHandle> processes, Duration grace) {
        processes.forEach(ProcessHandle::destroy);
        if (!stopWithin(processes, grace)) {
            kill(processes, grace);
        }
    }

    /** SIGKILL to all, then up to {@code timeout} for the kernel to finish them. */
    public static void kill(Collection<ProcessHandle> processes, Duration timeout) {
        processes.stream().filter(Processes::isRunning).forEach(ProcessHandle::destroyForcibly);
        stopWithin(processes, timeout);
    }

    private static boolean stopWithin(Collection<ProcessHandle> processes, Duration timeout) {
        return Polling.holdsWithin(timeout, () -> processes.stream().noneMatch(Processes::isRunning));
    }
}
