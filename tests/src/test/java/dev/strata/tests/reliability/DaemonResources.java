package dev.strata.tests.reliability;

import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What a running daemon holds, read from outside: open file descriptors and live heap. */
final class DaemonResources {
    private static final Duration JCMD_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private DaemonResources() {
    }

    static int openFileDescriptors(long pid) {
        try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to count open files of " + pid + ": " + e.getMessage(), e);
        }
    }

    /** Bytes of heap in use right after a full collection, so only what is still reachable counts. */
    static long liveHeapBytes(long pid) {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("failed to read heap use of " + pid + " from:\n" + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    private static String jcmd(long pid, String command) {
        CommandResult result = Commands.run(JCMD_TIMEOUT, List.of("jcmd", Long.toString(pid), command));
        result.requireSuccess();
        return result.stdout();
    }
}
