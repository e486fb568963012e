package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.snapshots.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskUsageTest {
    @TempDir
    Path directory;

    @Test
    void countsEveryInodeOnceAndTheirAllocatedBlocksAsDuDoes() throws IOException, InterruptedException {
        Path nested = Files.createDirectories(directory.resolve("a/b/c"));
        Files.write(nested.resolve("data"), new byte[10_000]);
        Files.writeString(directory.resolve("a/small"), "x");
        Files.createLink(directory.resolve("a/b/link-to-data"), nested.resolve("data"));
        Files.createSymbolicLink(directory.resolve("outside"), Path.of("/usr"));
        Files.createDirectory(directory.resolve("empty"));

        Usage usage = DiskUsage.of(directory);

        // the root, a, b, c, data (linked twice), small, the symbolic link, empty
        assertEquals(8, usage.inodes());
        assertEquals(duBytes(directory), usage.size());
    }

    @Test
    void anEmptyDirectoryIsOneInode() throws IOException, InterruptedException {
        Usage usage = DiskUsage.of(directory);

        assertEquals(1, usage.inodes());
        assertEquals(duBytes(directory), usage.size());
    }

    @Test
    void aMissingDirectoryFails() {
        assertThrows(UncheckedIOException.class, () -> DiskUsage.of(directory.resolve("missing")));
    }

    private static long duBytes(Path path) throws IOException, InterruptedException {
        Process du = new ProcessBuilder("du", "-s", "-B1", path.toString()).redirectErrorStream(true).start();
        String output = new String(du.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, du.waitFor(), output);
        return Long.parseLong(output.split("\\s+")[0]);
    }
}
