package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class LowerdirCompactionTest {
    @Test
    void makesLowerdirsRelativeToTheSnapshotsDirectoryAndMovesThemLast() {
        LowerdirCompaction compaction = LowerdirCompaction.of(List.of("index=off",
                "lowerdir=/var/lib/s/snapshots/12/fs:/var/lib/s/snapshots/11/fs:/var/lib/s/snapshots/1/fs",
                "upperdir=/var/lib/s/snapshots/13/fs"));
        assertEquals("/var/lib/s/snapshots/", compaction.directory());
        assertEquals(List.of("index=off", "upperdir=/var/lib/s/snapshots/13/fs", "lowerdir=12/fs:11/fs:1/fs"), compaction.options());
    }

    @Test
    void cutsACommonPrefixBackToADirectory() {
        LowerdirCompaction compaction = LowerdirCompaction.of(List.of("lowerdir=/r/snapshots/12/fs:/r/snapshots/13/fs"));
        assertEquals("/r/snapshots/", compaction.directory());
        assertEquals(List.of("lowerdir=12/fs:13/fs"), compaction.options());
    }

    @Test
    void leavesOptionsAloneWithoutSeveralLowerdirsOrACommonDirectory() {
        List<String> single = List.of("lowerdir=/r/snapshots/1/fs");
        assertNull(LowerdirCompaction.of(single).directory());
        assertEquals(single, LowerdirCompaction.of(single).options());
        List<String> disjoint = List.of("lowerdir=/a/fs:/b/fs");
        assertNull(LowerdirCompaction.of(disjoint).directory());
        assertNull(LowerdirCompaction.of(List.of("ro")).directory());
    }
}
