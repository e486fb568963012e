package dev.strata.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.stream.Stream;

/** Process state as the kernel reports it, and stopping groups of processes that are not our children. */
public final class Processes {

    private Processes() {
    }

    /**
     * True while any thread of the process runs. A killed orphan may stay a zombie where init does not reap
     * (as in some sandboxes), and {@link ProcessHandle#isAlive()} counts zombies as alive. A killed process's
     * main thread turns zombie before its other threads have exited and closed its files, so every thread counts.
     */
    public static boolean isRunning(ProcessHandle process) {
        try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            return threads.anyMatch(thread -> !hasExited(thread));
        } catch (IOException | UncheckedIOException e) {
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

    /** SIGKILL to all, then up to {@code timeout} for the kernel to finish them; false if some still run. */
    public static boolean kill(Collection<ProcessHandle> processes, Duration timeout) {
        processes.stream().filter(Processes::isRunning).forEach(ProcessHandle::destroyForcibly);
        return stopWithin(processes, timeout);
    }

    private static boolean hasExited(Path thread) {
        try {
            String stat = Files.readString(thread.resolve("stat"));
            char state = stat.charAt(stat.lastIndexOf(')') + 2);
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    private static boolean stopWithin(Collection<ProcessHandle> processes, Duration timeout) {
        return Polling.holdsWithin(timeout, () -> processes.stream().noneMatch(Processes::isRunning));
    }
}
