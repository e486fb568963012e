package dev.strata.overlay;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An empty file whose presence says something about how the last instance stopped. Both writing
 * and consuming it are durable, so that after a power loss it is neither missing when it was written
 * nor back when it was consumed.
 */
final class DurableMarker {
    private DurableMarker() {
    }

    /** Deletes {@code marker} durably and tells whether it was there. */
    static boolean consume(Path marker) throws IOException {
        if (!Files.deleteIfExists(marker)) {
            return false;
        }
        syncDirectory(marker.getParent());
        return true;
    }

    static void record(Path marker) throws IOException {
        Files.write(marker, new byte[0]);
        syncDirectory(marker.getParent());
    }

    /** fsync(2) of a directory: makes the creations, renames and deletions of entries in it durable. */
    static void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
