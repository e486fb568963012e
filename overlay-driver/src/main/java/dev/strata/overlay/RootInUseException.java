package dev.strata.overlay;

import java.nio.file.Path;

/** Another process, or another opener in this one, holds a root's {@link RootLock}. */
public final class RootInUseException extends IllegalStateException {
    private final Path root;

    RootInUseException(Path root, String holder, String others) {
        super("failed to open " + root + ": in use by " + holder + " (" + others + ")");
        this.root = root;
    }

    public Path root() {
        return root;
    }
}
