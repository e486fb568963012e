package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopDirectoryTest {
    @TempDir
    Path directory;

    @Test
    void marksAnExt4DirectoryAsTopDirectory() throws IOException, InterruptedException {
        assumeTrue(Files.getFileStore(directory).type().equals("ext4"), "the flag is ext4's");

        TopDirectory.mark(directory);

        String flags = lsattr(directory).split(" ")[0];
        assertTrue(flags.contains("T"), "lsattr flags " + flags);
    }

    @Test
    void leavesADirectoryWhoseFilesystemHasNoFlagsAsItIs() throws IOException {
        Path tmpfs = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(tmpfs) && Files.getFileStore(tmpfs).type().equals("tmpfs"), "needs a tmpfs");
        Path onTmpfs = Files.createTempDirectory(tmpfs, "top-directory-test");
        try {
            TopDirectory.mark(onTmpfs);

            assertTrue(Files.isDirectory(onTmpfs));
        } finally {
            Files.delete(onTmpfs);
        }
    }

    private static String lsattr(Path path) throws IOException, InterruptedException {
        Process lsattr = new ProcessBuilder("lsattr", "-d", path.toString()).redirectErrorStream(true).start();
        String output = new String(lsattr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, lsattr.waitFor(), output);
        return output;
    }
}
