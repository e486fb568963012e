package dev.strata.proxy;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code strata-snapshotter}: serves the overlay snapshotter to containerd as a proxy plugin. */
@Command(name = "strata-snapshotter", mixinStandardHelpOptions = true, version = "strata-snapshotter 0.1.0",
        description = "Serves containerd's Snapshots API on a Unix socket, backed by overlayfs. "
                + "Runs in the foreground and logs to stderr; SIGTERM or SIGINT stop it cleanly.")
public final class Main implements Callable<Integer> {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILURE = 1;

    @Option(names = "--root", paramLabel = "DIR", description = "State directory (metadata and snapshots).")
    private Path root;

    @Option(names = "--address", paramLabel = "SOCKET", description = "Unix socket to serve on.")
    private Path address;

    @Option(names = "--config", paramLabel = "FILE", description = "TOML config file; flags override it.")
    private Path configFile;

    @Option(names = "--socket-group", paramLabel = "GROUP", description = "Group owning the socket (mode 0660).")
    private String socketGroup;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "INFO",
            description = "java.util.logging level: SEVERE, WARNING, INFO, FINE. Default: ${DEFAULT-VALUE}.")
    private String logLevel;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        DaemonConfig config;
        try {
            StderrLogging.install(Level.parse(logLevel));
            config = loadConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            return fail(EXIT_CONFIG, e.getMessage());
        }
        // Handlers go in before the socket appears, so a stop sent the moment it does is not lost.
        CountDownLatch stopRequested = new CountDownLatch(1);
        ShutdownSignals.onTermination(stopRequested::countDown);
        Daemon daemon;
        try {
            daemon = Daemon.start(config);
        } catch (Exception e) {
            return fail(EXIT_FAILURE, "failed to start: " + e.getMessage());
        }
        stopRequested.await();
        daemon.stop();
        return 0;
    }

    private DaemonConfig loadConfig() {
        DaemonConfig.Builder builder = DaemonConfig.builder();
        if (configFile != null) {
            ConfigFile.read(configFile, builder);
        }
        return builder.root(root).address(address).socketGroup(socketGroup).build();
    }

    private static int fail(int exitCode, String message) {
        System.err.println("strata-snapshotter: " + message);
        return exitCode;
    }
}
