package dev.strata.tests.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fills the filesystem of a directory (a small tmpfs of the test's) until it refuses more. */
public final class DiskFilling {
    private DiskFilling() {}

    /** Writes one file until the disk refuses more blocks. */
    public static void fillBlocks(Path directory) throws IOException {
        byte[] chunk = new byte[1 << 16];
        try (OutputStream out = Files.newOutputStream(directory.resolve("blocks"))) {
            while (true) {
                out.write(chunk);
            }
        } catch (IOException e) {
            requireNoSpace(e);
        }
    }

    /** Creates empty files until the disk refuses more inodes. */
    public static void fillInodes(Path directory) throws IOException {
        for (int i = 0; ; i++) {
            try {
                Files.createFile(directory.resolve("inode-" + i));
            } catch (IOException e) {
                requireNoSpace(e);
                return;
            }
        }
    }

    private static void requireNoSpace(IOException e) throws IOException {
        if (!String.valueOf(e.getMessage()).contains("No space left")) {
            throw e;
        }
    }
}
