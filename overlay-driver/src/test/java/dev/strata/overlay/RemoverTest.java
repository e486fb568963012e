package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoverTest {
    @TempDir
    Path snapshots;

    private Path snapshotDirectory(String name) throws IOException {
        Path directory = Files.createDirectories(snapshots.resolve(name).resolve("fs").resolve("sub"));
        Files.writeString(directory.resolve("file"), "content");
        return snapshots.resolve(name);
    }

    private List<String> entries() throws IOException {
        try (Stream<Path> entries = Files.list(snapshots)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void discardedDirectoryLeavesItsPlaceAtOnceAndIsDeletedBeforeClose() throws IOException {
        Path removed = snapshotDirectory("7");
        snapshotDirectory("8");
        Remover remover = new Remover(snapshots);

        remover.discard(7, removed);
        assertFalse(Files.exists(removed));
        remover.close();

        assertEquals(List.of("8"), entries());
    }

    @Test
    void leftoversOfACrashAreDeletedAtTheNextStart() throws IOException {
        snapshotDirectory("removed-5");
        snapshotDirectory("6");

        new Remover(snapshots).close();

        assertEquals(List.of("6"), entries());
    }
}
