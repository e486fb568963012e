package dev.strata.tests.support;

import java.nio.file.Path;

/** Locations in the source tree, resolved from the tests module that Maven runs the tests in. */
public final class Modules {

    private Modules() {
    }

    /** The tests module's directory (Surefire sets {@code basedir}; an IDE runs in it). */
    public static Path testsModule() {
        return Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath().normalize();
    }

    /** The repository root: the tests module's parent directory. */
    public static Path repositoryRoot() {
        return testsModule().getParent();
    }
}
