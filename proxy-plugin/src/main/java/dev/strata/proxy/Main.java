package dev.strata.proxy;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;

/** {@code strata-snapshotter}: serves the overlay snapshotter to containerd as a proxy plugin. */
public final class Main {
    static final int EXIT_CONFIG = 2;
    static final int EXIT_FAILURE = 1;
    private static final String VERSION = "strata-snapshotter 0.1.0";

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args));
    }

    static int run(String[] args) throws InterruptedException {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("strata-snapshotter: " + e.getMessage());
            System.err.print(Arguments.USAGE);
            return EXIT_CONFIG;
        }
        if (arguments.help()) {
            System.out.print(Arguments.USAGE);
            return 0;
        }
        if (arguments.version()) {
            System.out.println(VERSION);
            return 0;
        }
        DaemonConfig config;
        try {
            String logLevel = arguments.value("--log-level");
            StderrLogging.install(Level.parse(logLevel == null ? "INFO" : logLevel));
            config = loadConfig(arguments);
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

    private static DaemonConfig loadConfig(Arguments arguments) {
        DaemonConfig.Builder builder = DaemonConfig.builder();
        Path configFile = path(arguments.value("--config"));
        if (configFile != null) {
            ConfigFile.read(configFile, builder);
        }
        return builder.root(path(arguments.value("--root"))).address(path(arguments.value("--address")))
                .socketGroup(arguments.value("--socket-group")).build();
    }

    private static Path path(String value) {
        return value == null ? null : Path.of(value);
    }

    private static int fail(int exitCode, String message) {
        System.err.println("strata-snapshotter: " + message);
        return exitCode;
    }
}
