package dev.strata.tests.support;

import dev.strata.snapshots.Kind;
import java.util.Objects;

/** One snapshot as a listing shows it; {@code parent} is empty for a snapshot without parent. */
public record ListedSnapshot(String key, String parent, Kind kind) {

    public ListedSnapshot {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(kind, "kind");
    }
}
