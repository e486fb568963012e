package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootLockTest {
    private static final String OTHERS = "another test";

    @TempDir
    Path root;

    @Test
    void aHeldRootIsRefusedInThisProcessAndTheHolderKeepsItsLock() throws IOException {
        Path file = root.resolve("lock");
        try (RootLock held = RootLock.acquire(file, OTHERS)) {
            assertEquals(ProcessHandle.current().pid() + "\n", readInAnotherProcess(file));

            RootInUseException refused = assertThrows(RootInUseException.class, () -> RootLock.acquire(file, OTHERS));

            assertEquals(root, refused.root());
            assertEquals("failed to open " + root + ": in use by this process (" + OTHERS + ")", refused.getMessage());
            // a process loses its fcntl lock on a file when it closes any descriptor of the file
            assertTrue(holdsRecordLock(file), "the refused acquire dropped the holder's lock in the kernel");
        }
        assertFalse(holdsRecordLock(file));
        assertEquals("", Files.readString(file), "a released lock names no holder");
        RootLock.acquire(file, OTHERS).close();
    }

    @Test
    void theSameRootByAnotherPathIsRefusedToo() throws IOException {
        Path alias = Files.createSymbolicLink(root.resolveSibling(root.getFileName() + "-alias"), root);
        try (RootLock held = RootLock.acquire(root.resolve("lock"), OTHERS)) {
            assertThrows(RootInUseException.class, () -> RootLock.acquire(alias.resolve("lock"), OTHERS));
        } finally {
            Files.delete(alias);
        }
    }

    /** Reading the file here would drop the lock: closing the descriptor drops the process's locks on the file. */
    private static String readInAnotherProcess(Path file) throws IOException {
        Process cat = new ProcessBuilder("cat", file.toString()).redirectErrorStream(true).start();
        return new String(cat.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    }

    /** Whether this process holds an fcntl(2) lock on {@code file}, as the kernel lists it in /proc/locks. */
    private static boolean holdsRecordLock(Path file) throws IOException {
        long inode = (Long) Files.getAttribute(file, "unix:ino");
        String pid = Long.toString(ProcessHandle.current().pid());
        return Files.readAllLines(Path.of("/proc/locks")).stream().map(line -> line.trim().split("\\s+"))
                .anyMatch(fields -> fields[1].equals("POSIX") && fields[4].equals(pid) && fields[5].endsWith(":" + inode));
    }
}
