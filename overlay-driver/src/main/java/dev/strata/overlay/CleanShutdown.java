package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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

    /**
     * Deletes the marker of {@code state} durably and tells whether it was there. Durably, so that it
     * cannot come back after a power loss and hide what this instance's crash left.
     */
    static boolean consume(StateDirectory state) {
        Path marker = state.root().resolve(NAME);
        try {
            if (!Files.deleteIfExists(marker)) {
                return false;
            }
            sync(state.root());
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to remove " + marker + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes the marker of {@code state} after making the renames and deletions in the snapshot
     * directory durable, so that a marker that survives a power loss never outlives a leftover.
     */
    static void record(StateDirectory state) {
        Path marker = state.root().resolve(NAME);
        try {
            sync(state.snapshots());
            Files.write(marker, new byte[0]);
            sync(state.root());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write " + marker + ": " + e.getMessage(), e);
        }
    }

    private static void sync(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
