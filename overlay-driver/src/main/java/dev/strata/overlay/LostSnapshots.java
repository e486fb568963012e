package dev.strata.overlay;

import dev.strata.snapshots.DataLossException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ids of the snapshots whose files are gone ({@link MetaStore#markLost}), held in memory so that
 * the calls that hand out a snapshot's files check them without reading anything while none is lost.
 */
final class LostSnapshots {
    private final Set<Long> ids = ConcurrentHashMap.newKeySet();

    void addAll(Set<Long> marked) {
        ids.addAll(marked);
    }

    boolean contains(long id) {
        return !ids.isEmpty() && ids.contains(id);
    }

    /** Forgets a removed snapshot. */
    void forget(long id) {
        if (!ids.isEmpty()) {
            ids.remove(id);
        }
    }

    /**
     * Checks that neither the snapshot {@code name} nor a parent in its chain is lost.
     *
     * @throws DataLossException naming the lost snapshot, after {@code failure} ("failed to ...")
     */
    void requireIntact(MetaStore store, MetaTransaction tx, String name, String failure) {
        if (ids.isEmpty()) {
            return;
        }
        SnapshotRecord record = store.get(tx, name);
        while (!ids.contains(record.id())) {
            if (record.parent().isEmpty()) {
                return;
            }
            record = store.get(tx, record.parent());
        }
        throw new DataLossException(failure + ": snapshot " + MetaStore.quote(record.name())
                + " lost its files in a power loss; remove it and the snapshots built on it, then unpack their images again");
    }
}
