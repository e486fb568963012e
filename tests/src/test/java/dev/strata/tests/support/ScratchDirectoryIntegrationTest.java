package dev.strata.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Needs root: mounts tmpfs to prove that close leaves no mount and no file behind. */
class ScratchDirectoryIntegrationTest {

    @Test
    void closeUnmountsStackedAndNestedMountsThenDeletesEverything() throws Exception {
        ScratchDirectory scratch = ScratchDirectory.create("strata-sd-");
        Path outer = scratch.directory("with space/outer");
        try {
            mountTmpfs(outer);
            mountTmpfs(outer);
            Path inner = Files.createDirectories(outer.resolve("inner"));
            mountTmpfs(inner);
            Files.writeString(inner.resolve("file"), "data");
            assertEquals(List.of(inner, outer, outer), Mounts.under(scratch.path()));
        } finally {
            scratch.close();
        }

        assertEquals(List.of(), Mounts.under(scratch.path()));
        assertFalse(Files.exists(scratch.path()));
    }

    private static void mountTmpfs(Path target) {
        Commands.run(Duration.ofSeconds(30), List.of("mount", "-t", "tmpfs", "tmpfs", target.toString())).requireSuccess();
    }
}
