package dev.strata.build.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class EntryNamesTest {
    @Test
    void dotDotNeverClimbsAboveTheRoot() {
        assertEquals(List.of("etc", "passwd"), EntryNames.components("../../etc/passwd"));
        assertEquals(List.of("etc", "passwd"), EntryNames.components("/a/../../etc/./passwd"));
        assertEquals(List.of("dir"), EntryNames.components("./dir/"));
        assertEquals(List.of(), EntryNames.components("./"));
    }
}
