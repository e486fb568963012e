package dev.strata.snapshots;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What is known of one snapshot.
 *
 * @param name    the key of an active or view snapshot, or the name of a committed one
 * @param parent  the name of the committed parent, or "" for none
 * @param kind    active, view or committed
 * @param labels  user labels, never null
 * @param created when the snapshot was made
 * @param updated when its labels last changed
 */
public record Info(String name, String parent, Kind kind, Map<String, String> labels, Instant created, Instant updated) {
    public Info {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(kind, "kind");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
    }

    /** Whether this snapshot has a parent. */
    public boolean hasParent() {
        return !parent.isEmpty();
    }
}
