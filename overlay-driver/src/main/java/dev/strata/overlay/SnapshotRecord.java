package dev.strata.overlay;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Usage;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One snapshot as the metadata store keeps it.
 *
 * @param name   the key or committed name
 * @param id     the number that names its directory; never reused
 * @param kind   active, view or committed
 * @param parent the committed parent's name, or ""
 * @param usage  for a committed snapshot, its usage measured at commit; zero otherwise
 */
record SnapshotRecord(String name, long id, Kind kind, String parent, Map<String, String> labels,
                      Instant created, Instant updated, Usage usage) {
    SnapshotRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(parent, "parent");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(updated, "updated");
        Objects.requireNonNull(usage, "usage");
    }

    Info info() {
        return new Info(name, parent, kind, labels, created, updated);
    }

    SnapshotRecord withLabels(Map<String, String> newLabels, Instant now) {
        return new SnapshotRecord(name, id, kind, parent, newLabels, created, now, usage);
    }
}
