package dev.strata.snapshots.testing;

import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.LabelUpdate;
import dev.strata.snapshots.Labels;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.Usage;
import dev.strata.snapshots.filter.SnapshotFilter;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A reference model of the {@link Snapshotter} contract that keeps everything in memory and touches no disk.
 * Mounts are bind mounts of fake paths, one per snapshot id; usage is always zero. Every method holds the lock
 * for its whole run, so each call is atomic. When a call breaks several rules, the error is the one containerd's
 * overlay snapshotter reports first: parent before key on create; key, then name, then kind on commit.
 */
public final class InMemorySnapshotter implements Snapshotter {
    private final Map<String, Snapshot> snapshots = new HashMap<>();
    private long lastId;

    private record Snapshot(Info info, long id) {
        Snapshot withInfo(Info newInfo) {
            return new Snapshot(newInfo, id);
        }
    }

    @Override
    public synchronized Info stat(String key) {
        return find("stat", key).info();
    }

    @Override
    public synchronized Info update(Info info, List<String> fieldPaths) {
        requireNonEmpty("update", "name", info.name());
        Snapshot snapshot = find("update", info.name());
        Info current = snapshot.info();
        Map<String, String> labels = LabelUpdate.apply(current.labels(), info.labels(), fieldPaths);
        Info updated = new Info(current.name(), current.parent(), current.kind(), labels, current.created(), Instant.now());
        snapshots.put(current.name(), snapshot.withInfo(updated));
        return updated;
    }

    @Override
    public synchronized Usage usage(String key) {
        find("get usage of", key);
        return Usage.ZERO;
    }

    @Override
    public synchronized List<Mount> mounts(String key) {
        Snapshot snapshot = find("get mounts of", key);
        if (snapshot.info().kind() == Kind.COMMITTED) {
            throw new FailedPreconditionException("failed to get mounts of \"" + key + "\": snapshot is committed");
        }
        return mountsOf(snapshot);
    }

    @Override
    public synchronized List<Mount> prepare(String key, String parent, Map<String, String> labels) {
        return create("prepare", Kind.ACTIVE, key, parent, labels);
    }

    @Override
    public synchronized List<Mount> view(String key, String parent, Map<String, String> labels) {
        return create("view", Kind.VIEW, key, parent, labels);
    }

    private List<Mount> create(String verb, Kind kind, String key, String parent, Map<String, String> labels) {
        requireNonEmpty(verb, "key", key);
        Labels.validate(labels);
        if (!parent.isEmpty()) {
            Snapshot parentSnapshot = snapshots.get(parent);
            if (parentSnapshot == null) {
                throw new NotFoundException("failed to " + verb + " \"" + key + "\": parent \"" + parent + "\" does not exist");
            }
            if (parentSnapshot.info().kind() != Kind.COMMITTED) {
                throw new InvalidArgumentException("failed to " + verb + " \"" + key + "\": parent \"" + parent + "\" is not committed");
            }
        }
        if (snapshots.containsKey(key)) {
            throw new AlreadyExistsException("failed to " + verb + " \"" + key + "\": key already exists");
        }
        Instant now = Instant.now();
        Snapshot snapshot = new Snapshot(new Info(key, parent, kind, labels, now, now), ++lastId);
        snapshots.put(key, snapshot);
        return mountsOf(snapshot);
    }

    @Override
    public synchronized void commit(String name, String key, Map<String, String> labels) {
        requireNonEmpty("commit", "name", name);
        Labels.validate(labels);
        Snapshot active = find("commit", key);
        if (snapshots.containsKey(name)) {
            throw new AlreadyExistsException("failed to commit \"" + key + "\" as \"" + name + "\": name already exists");
        }
        if (active.info().kind() != Kind.ACTIVE) {
            throw new FailedPreconditionException("failed to commit \"" + key + "\": snapshot is not active");
        }
        Instant now = Instant.now();
        snapshots.remove(key);
        snapshots.put(name, new Snapshot(new Info(name, active.info().parent(), Kind.COMMITTED, labels, now, now), active.id()));
    }

    @Override
    public synchronized void remove(String key) {
        find("remove", key);
        boolean hasChildren = snapshots.values().stream().anyMatch(snapshot -> snapshot.info().parent().equals(key));
        if (hasChildren) {
            throw new FailedPreconditionException("failed to remove \"" + key + "\": snapshot has children");
        }
        snapshots.remove(key);
    }

    /** Visits a copy of the snapshots, so that the visitor may call this snapshotter. */
    @Override
    public void walk(List<String> filters, Consumer<Info> visitor) {
        SnapshotFilter filter = SnapshotFilter.parse(filters);
        List<Info> matching;
        synchronized (this) {
            matching = snapshots.values().stream().map(Snapshot::info).filter(filter).toList();
        }
        matching.forEach(visitor);
    }

    /** Nothing is left behind in memory: a removed snapshot is gone at once. */
    @Override
    public void cleanup() {
    }

    /** Holds no resources. */
    @Override
    public void close() {
    }

    private Snapshot find(String verb, String key) {
        Snapshot snapshot = snapshots.get(key);
        if (snapshot == null) {
            throw new NotFoundException("failed to " + verb + " \"" + key + "\": snapshot does not exist");
        }
        return snapshot;
    }

    private static void requireNonEmpty(String verb, String what, String value) {
        if (value.isEmpty()) {
            throw new InvalidArgumentException("failed to " + verb + ": " + what + " is empty");
        }
    }

    private static List<Mount> mountsOf(Snapshot snapshot) {
        String access = snapshot.info().kind() == Kind.VIEW ? "ro" : "rw";
        return List.of(Mount.of("bind", "/in-memory/snapshots/" + snapshot.id() + "/fs", List.of("rbind", access)));
    }
}
