package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A file in the root that says the last instance closed with nothing left to sweep: every create
 * finished or was undone, every removed directory deleted. A start that finds it skips listing the
 * snapshot directories, which on a root of 100,000 snapshots competes with the start for the cores;
 * a start that does not (the last instance crashed, or left something) sweeps as before. The start
 * consumes the file before any change, so a crash of this instance leaves none.
 */
final class CleanShutdown {
    private static final String NAME = "clean-shutdown";

    private CleanShutdown() {
    }

    /** Deletes the marker of {@code state} durably and tells whether it was there. */
    static boolean consume(StateDirectory state) {
        Path marker = state.root().resolve(NAME);
        try {
            return DurableMarker.consume(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to remove " + marker + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the marker of {@code state} after making the renames and deletions in the snapshot
     * directories and among the directories made ahead durable, so that a marker that survives a
     * power loss never outlives a leftover.
     */
    static void record(StateDirectory state) {
        Path marker = state.root().resolve(NAME);
        try {
            DurableMarker.syncDirectory(state.snapshots());
            DurableMarker.syncDirectory(state.ready());
            DurableMarker.record(marker);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write " + marker + ": " + e.getMessage(), e);
        }
    }
}
