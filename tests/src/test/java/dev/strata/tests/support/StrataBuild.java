package dev.strata.tests.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code strata-build} command line on one worker root, as a user runs it: each call runs
 * {@code strata-build --root ROOT args...} to completion. The executable is {@code -Dstrata.build}
 * or the repository's launcher (built by {@code mvn package}).
 */
public final class StrataBuild {
    public static final String EXECUTABLE_PROPERTY = "strata.build";
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final Path root;

    private StrataBuild(Path root) {
        this.root = root;
    }

    /** A worker on {@code root}; the caller removes the root (a {@link ScratchDirectory} unmounts what is left). */
    public static StrataBuild onRoot(Path root) {
        return new StrataBuild(root);
    }

    public static Path executable() {
        String configured = System.getProperty(EXECUTABLE_PROPERTY);
        return configured != null && !configured.isBlank()
                ? Path.of(configured).toAbsolutePath()
                : Modules.repositoryRoot().resolve("bin").resolve("strata-build");
    }

    public Path root() {
        return root;
    }

    /** Runs {@code strata-build --root ROOT args...}. */
    public CommandResult run(String... args) {
        List<String> command = new ArrayList<>(List.of(executable().toString(), "--root", root.toString()));
        command.addAll(Arrays.asList(args));
        return Commands.run(TIMEOUT, command);
    }
}
