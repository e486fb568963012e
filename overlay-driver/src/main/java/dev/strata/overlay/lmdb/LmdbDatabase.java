package dev.strata.overlay.lmdb;

/** A named database in an {@link LmdbEnvironment}, open for as long as the environment is. */
public final class LmdbDatabase {
    final int handle;
    private final String name;

    LmdbDatabase(int handle, String name) {
        this.handle = handle;
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
