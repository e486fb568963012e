package dev.strata.tests.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ManagedProcessTest {

    @Test
    void stopKillsATreeThatIgnoresSigterm() {
        Path log = TestLogs.newFile("ignores-sigterm");
        try (ManagedProcess process = ManagedProcess.start("stubborn",
                List.of("sh", "-c", "trap '' TERM; sleep 600 & wait"), Path.of("/"), log)) {
            Polling.await("the child to start", Duration.ofSeconds(30),
                    () -> sleepers().findAny().isPresent(), () -> "");
            List<ProcessHandle> tree = sleepers().toList();

            assertNotEquals(0, process.stop(Duration.ofMillis(500)));

            assertFalse(process.isAlive());
            Polling.await("the child to be killed too", Duration.ofSeconds(30),
                    () -> tree.stream().noneMatch(Processes::isRunning), () -> "still running: " + tree);
        }
    }

    private static Stream<ProcessHandle> sleepers() {
        return ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("/sleep"));
    }

    @Test
    void awaitUnixSocketFailsAsSoonAsTheProcessExits() {
        Path log = TestLogs.newFile("exits-early");
        try (ManagedProcess process = ManagedProcess.start("short-lived", List.of("sh", "-c", "exit 3"), Path.of("/"), log)) {
            assertThrows(IllegalStateException.class,
                    () -> process.awaitUnixSocket(Path.of("/nonexistent/socket"), Duration.ofMinutes(1)));
        }
    }

    @Test
    void awaitUnixSocketDoesNotTakeASocketMadeBeforeTheStart() throws IOException {
        Path log = TestLogs.newFile("never-listens");
        try (ScratchDirectory scratch = ScratchDirectory.create("strata-mp-");
             ServerSocketChannel predecessor = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            // a predecessor still listening, as a killed daemon does until its last thread has exited
            Path socket = scratch.resolve("s.sock");
            predecessor.bind(UnixDomainSocketAddress.of(socket));
            Instant made = ((FileTime) Files.getAttribute(socket, "unix:ctime")).toInstant();
            Polling.await("the clock to pass the socket's time", Duration.ofSeconds(10),
                    () -> Instant.now().isAfter(made.plusSeconds(1)), () -> "");
            try (ManagedProcess process = ManagedProcess.start("never-listens", List.of("sleep", "600"), Path.of("/"), log)) {
                assertThrows(IllegalStateException.class, () -> process.awaitUnixSocket(socket, Duration.ofSeconds(1)));
            }
        }
    }
}
