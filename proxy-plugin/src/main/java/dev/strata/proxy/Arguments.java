package dev.strata.proxy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The daemon's command line: options that take a value ({@code --root DIR} or {@code --root=DIR}),
 * each at most once, and {@code -h/--help}, {@code -V/--version}. Parsed by hand rather than with
 * picocli: building its model of the command (annotation scan, built-in converters, help machinery,
 * 570 classes) took 100 to 250 ms of every start of the daemon.
 */
record Arguments(Map<String, String> values, boolean help, boolean version) {
    static final List<String> VALUE_OPTIONS = List.of("--root", "--address", "--config", "--socket-group", "--log-level");

    static final String USAGE = """
            Usage: strata-snapshotter [-hV] [--address=SOCKET] [--config=FILE] [--log-level=LEVEL]
                                      [--root=DIR] [--socket-group=GROUP]
            Serves containerd's Snapshots API on a Unix socket, backed by overlayfs. Runs
            in the foreground and logs to stderr; SIGTERM or SIGINT stop it cleanly.
                  --address=SOCKET       Unix socket to serve on.
                  --config=FILE          TOML config file; flags override it.
              -h, --help                 Show this help message and exit.
                  --log-level=LEVEL      java.util.logging level: SEVERE, WARNING, INFO,
                                           FINE. Default: INFO.
                  --root=DIR             State directory (metadata and snapshots).
                  --socket-group=GROUP   Group owning the socket (mode 0660).
              -V, --version              Print version information and exit.
            """;

    /** Parses {@code args}; an unknown option, a missing value or a repeated option is an IllegalArgumentException. */
    static Arguments parse(String... args) {
        Map<String, String> values = new HashMap<>();
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                help = true;
                continue;
            }
            if (arg.equals("-V") || arg.equals("--version")) {
                version = true;
                continue;
            }
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!VALUE_OPTIONS.contains(name)) {
                throw new IllegalArgumentException("unknown option: '" + arg + "'");
            }
            String value;
            if (equals > 0) {
                value = arg.substring(equals + 1);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("missing value for option '" + name + "'");
            }
            if (values.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("option '" + name + "' given more than once");
            }
        }
        return new Arguments(Map.copyOf(values), help, version);
    }

    /** The value of {@code option}, or null when it was not given. */
    String value(String option) {
        return values.get(option);
    }
}
