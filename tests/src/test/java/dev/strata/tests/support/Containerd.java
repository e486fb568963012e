package dev.strata.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A private containerd (root, state, sockets in its own scratch directory) with one snapshotter
 * proxy plugin registered, and {@code ctr} pointed at it. Close stops it, kills the shims it
 * started and their containers, unmounts container root filesystems and deletes its directories
 * and what runc kept for its namespaces.
 */
public final class Containerd implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final Duration CTR_TIMEOUT = Duration.ofMinutes(2);

    /** Plugins this harness never uses; leaving them out makes startup fast and quiet. */
    private static final List<String> DISABLED_PLUGINS = List.of(
            "io.containerd.grpc.v1.cri",
            "io.containerd.internal.v1.opt",
            "io.containerd.internal.v1.tracing",
            "io.containerd.tracing.processor.v1.otlp",
            "io.containerd.snapshotter.v1.aufs",
            "io.containerd.snapshotter.v1.btrfs",
            "io.containerd.snapshotter.v1.devmapper",
            "io.containerd.snapshotter.v1.native",
            "io.containerd.snapshotter.v1.overlayfs",
            "io.containerd.snapshotter.v1.zfs");

    private final ScratchDirectory scratch;
    private final Path address;
    private final Set<String> namespaces = ConcurrentHashMap.newKeySet();
    private ManagedProcess process;

    private Containerd(ScratchDirectory scratch) {
        this.scratch = scratch;
        this.address = scratch.resolve("c.sock");
    }

    /** Starts containerd with the snapshotter at {@code snapshotterSocket} registered as {@code proxyName}. */
    public static Containerd start(String proxyName, Path snapshotterSocket) {
        Containerd containerd = new Containerd(ScratchDirectory.create("strata-c-"));
        try {
            Path config = containerd.writeConfig(proxyName, snapshotterSocket);
            containerd.process = ManagedProcess.start("containerd",
                    List.of("containerd", "--config", config.toString(), "--log-level", "debug"),
                    containerd.scratch.path(), TestLogs.newFile("containerd"));
            containerd.process.awaitUnixSocket(containerd.address, START_TIMEOUT);
            return containerd;
        } catch (RuntimeException e) {
            try {
                containerd.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    public Path address() {
        return address;
    }

    /** The directory holding containerd's root, state, sockets and config; gone after close. */
    public Path directory() {
        return scratch.path();
    }

    /** Runs {@code ctr --address <socket> -n <namespace> args...} to completion. */
    public CommandResult ctr(String namespace, String... args) {
        namespaces.add(namespace);
        List<String> command = new ArrayList<>(List.of("ctr", "--address", address.toString(), "-n", namespace));
        command.addAll(Arrays.asList(args));
        return Commands.run(CTR_TIMEOUT, command);
    }

    /** The tail of containerd's log, for failure messages. */
    public String logTail() {
        return process == null ? "" : process.logTail();
    }

    @Override
    public void close() {
        Cleanup.runAll("containerd at " + address,
                this::removeTasks,
                this::killShimsAndContainers,
                () -> {
                    if (process != null) {
                        process.close();
                    }
                },
                () -> RuncLeftovers.deleteContainers(namespaces, scratch.path()),
                scratch::close,
                () -> RuncLeftovers.removeEmptyNamespaceDirectories(namespaces));
    }

    private Path writeConfig(String proxyName, Path snapshotterSocket) {
        String config = String.join("\n",
                "version = 2",
                "root = " + quoted(scratch.directory("root")),
                "state = " + quoted(scratch.directory("state")),
                "disabled_plugins = [" + String.join(", ", DISABLED_PLUGINS.stream().map(Containerd::quoted).toList()) + "]",
                "",
                "[grpc]",
                "  address = " + quoted(address),
                "",
                "[ttrpc]",
                "  address = " + quoted(scratch.resolve("c.sock.ttrpc")),
                "",
                "[debug]",
                "  address = \"\"",
                "",
                "[metrics]",
                "  address = \"\"",
                "",
                "[proxy_plugins]",
                "  [proxy_plugins." + proxyName + "]",
                "    type = \"snapshot\"",
                "    address = " + quoted(snapshotterSocket),
                "");
        try {
            return Files.writeString(scratch.resolve("config.toml"), config, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write containerd config: " + e.getMessage(), e);
        }
    }

    /** Lets containerd kill and delete what a failed test left running, so runc and the shims clean up too. */
    private void removeTasks() {
        if (process == null || !process.isAlive()) {
            return;
        }
        for (String namespace : namespaces) {
            CommandResult tasks = ctr(namespace, "tasks", "ls", "-q");
            if (tasks.succeeded()) {
                tasks.stdout().lines().filter(id -> !id.isBlank())
                        .forEach(id -> ctr(namespace, "tasks", "rm", "--force", id.trim()));
            }
        }
    }

    /**
     * Shims outlive containerd by design (they daemonize), so they are found by the containerd
     * address they were given, together with their children, the containers.
     */
    private void killShimsAndContainers() {
        String marker = "-address\0" + address + "\0";
        List<ProcessHandle> shimsAndContainers = ProcessHandle.allProcesses()
                .filter(p -> commandLine(p).contains(marker))
                .flatMap(shim -> Stream.concat(shim.descendants(), Stream.of(shim)))
                .toList();
        Processes.kill(shimsAndContainers, STOP_GRACE);
    }

    private static String commandLine(ProcessHandle process) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(process.pid()), "cmdline"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private static String quoted(Object value) {
        return "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
