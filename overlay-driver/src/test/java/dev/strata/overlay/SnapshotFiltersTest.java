package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SnapshotFiltersTest {
    private static final Info ACTIVE = new Info("ns/1/sha256:abc", "base", Kind.ACTIVE,
            Map.of("containerd.io/gc.root", "yes", "plain", "v"), Instant.EPOCH, Instant.EPOCH);

    private static boolean matches(String... filters) {
        return SnapshotFilters.parse(List.of(filters)).test(ACTIVE);
    }

    @Test
    void noFilterMatchesEverything() {
        assertTrue(SnapshotFilters.parse(List.of()).test(ACTIVE));
    }

    @Test
    void comparesFields() {
        assertTrue(matches("kind==active"));
        assertFalse(matches("kind==committed"));
        assertTrue(matches("parent==base"));
        assertTrue(matches("name!=other"));
        assertTrue(matches("name~=^ns/1/"));
        assertTrue(matches("labels.plain==v"));
        assertTrue(matches("labels.\"containerd.io/gc.root\""));
        assertFalse(matches("labels.missing"));
        assertTrue(matches("labels.\"containerd.io/gc.root\"==\"yes\""));
    }

    @Test
    void commaMeansAllAndSeveralFiltersMeanAny() {
        assertFalse(matches("kind==active,parent==other"));
        assertTrue(matches("kind==active,parent==base"));
        assertTrue(matches("kind==view", "parent==base"));
        assertFalse(matches("kind==view", "parent==other"));
    }

    @Test
    void rejectsMalformedFilters() {
        assertThrows(InvalidArgumentException.class, () -> SnapshotFilters.parse(List.of("==x")));
        assertThrows(InvalidArgumentException.class, () -> SnapshotFilters.parse(List.of("name==\"open")));
        assertThrows(InvalidArgumentException.class, () -> SnapshotFilters.parse(List.of("name~=(")));
    }
}
