package dev.strata.proxy;

import java.util.logging.ConsoleHandler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** One line per record on stderr: time, level, logger's simple name, message. */
final class StderrLogging {
    private static final String FORMAT = "%1$tFT%1$tT.%1$tLZ %4$-7s %3$s: %5$s%6$s%n";

    private StderrLogging() {
    }

    static void install(Level level) {
        System.setProperty("java.util.logging.SimpleFormatter.format", FORMAT);
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        ConsoleHandler handler = new ConsoleHandler();
        handler.setFormatter(new SimpleFormatter());
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(level);
        // grpc and netty log at INFO about every connection; keep the daemon's own lines readable.
        Logger.getLogger("io.grpc").setLevel(Level.WARNING);
        // A client that goes away with calls open (containerd stopping) is routine, not a warning.
        Logger.getLogger("io.grpc.netty.shaded.io.grpc.netty.NettyServerHandler").setLevel(Level.SEVERE);
    }
}
