package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.snapshots.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserResolverTest {
    @TempDir
    Path rootfs;

    private void writeUserFiles() throws IOException {
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.writeString(etc.resolve("passwd"), "root:x:0:0::/root:/bin/sh\n\nalice:x:1000:1000::/home/alice:/bin/sh\n");
        Files.writeString(etc.resolve("group"), "root:x:0:\nalice:x:1000:\nbuilders:x:2000:bob,alice\nwheel:x:3000:\n");
    }

    @Test
    void withoutUserFilesOnlyTheDefaultAndNumericUsersResolve() throws IOException {
        assertEquals(new ResolvedUser(0, 0, List.of(0)), UserResolver.resolve(rootfs, ""));
        assertEquals(new ResolvedUser(5, 6, List.of(6)), UserResolver.resolve(rootfs, "5:6"));
        assertEquals(new ResolvedUser(0, 7, List.of(7)), UserResolver.resolve(rootfs, "root:7"));
        assertEquals(new ResolvedUser(42, 0, List.of(0)), UserResolver.resolve(rootfs, "42"));
        assertThrows(InvalidArgumentException.class, () -> UserResolver.resolve(rootfs, "alice"));
    }

    @Test
    void aNameGetsItsPrimaryAndSupplementaryGroups() throws IOException {
        writeUserFiles();
        assertEquals(new ResolvedUser(1000, 1000, List.of(1000, 2000)), UserResolver.resolve(rootfs, "alice"));
        assertEquals(new ResolvedUser(1000, 1000, List.of(1000, 2000)), UserResolver.resolve(rootfs, "1000"));
    }

    @Test
    void anExplicitGroupReplacesThePrimaryGroupAndDropsSupplementaryOnes() throws IOException {
        writeUserFiles();
        assertEquals(new ResolvedUser(1000, 3000, List.of(3000)), UserResolver.resolve(rootfs, "alice:wheel"));
        assertEquals(new ResolvedUser(1000, 4000, List.of(4000)), UserResolver.resolve(rootfs, "alice:4000"));
        assertThrows(InvalidArgumentException.class, () -> UserResolver.resolve(rootfs, "alice:nogroup"));
        assertThrows(InvalidArgumentException.class, () -> UserResolver.resolve(rootfs, "nobody"));
    }

    @Test
    void userFilesAreReadInsideTheRootEvenThroughAnAbsoluteSymlink() throws IOException {
        Path etc = Files.createDirectories(rootfs.resolve("etc"));
        Files.createDirectories(rootfs.resolve("data"));
        Files.writeString(rootfs.resolve("data/passwd"), "carol:x:1500:1600::/:/bin/sh\n");
        Files.createSymbolicLink(etc.resolve("passwd"), Path.of("/data/passwd"));
        assertEquals(new ResolvedUser(1500, 1600, List.of(1600)), UserResolver.resolve(rootfs, "carol"));
    }
}
