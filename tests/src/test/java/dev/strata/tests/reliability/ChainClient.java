package dev.strata.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * One client of the crash test. It grows a chain of committed layers (prepare on the chain's tip, write a file
 * named after the layer, commit) and now and then removes the tip, and remembers what the daemon acknowledged.
 * A call cut short by a crash is remembered as uncertain and settled by {@link #settle} after the restart:
 * either outcome is allowed, a half-made snapshot is not.
 */
final class ChainClient {
    private static final int MAX_DEPTH = 20;

    private final int id;
    private final Random random;
    private final List<String> chain = new ArrayList<>();
    private final Set<String> removed = new HashSet<>();
    private int next;
    private Optional<String> uncertainRemove = Optional.empty();
    private Optional<String> uncertainKey = Optional.empty();
    private Optional<String> uncertainName = Optional.empty();

    ChainClient(int id, long seed) {
        this.id = id;
        this.random = new Random(seed);
    }

    /** Works until {@code stopping} holds or a call fails; returns the failure that ended it, if any. */
    Optional<RuntimeException> run(Snapshotter snapshotter, BooleanSupplier stopping) {
        while (!stopping.getAsBoolean()) {
            try {
                if (!chain.isEmpty() && (chain.size() >= MAX_DEPTH || random.nextInt(4) == 0)) {
                    removeTip(snapshotter);
                } else {
                    addLayer(snapshotter);
                }
            } catch (RuntimeException e) {
                return Optional.of(e);
            } catch (IOException e) {
                throw new IllegalStateException("failed to write into a snapshot: " + e.getMessage(), e);
            }
        }
        return Optional.empty();
    }

    /** After a restart: decides what the interrupted call did and checks that it did all of it or nothing. */
    void settle(Snapshotter snapshotter) {
        uncertainRemove.ifPresent(tip -> {
            if (!exists(snapshotter, tip)) {
                chain.remove(chain.size() - 1);
                removed.add(tip);
            }
        });
        uncertainRemove = Optional.empty();
        if (uncertainName.isPresent()) {
            String name = uncertainName.get();
            String key = uncertainKey.orElseThrow();
            if (exists(snapshotter, name)) {
                assertEquals(Kind.COMMITTED, snapshotter.stat(name).kind(), name);
                assertFalse(exists(snapshotter, key), "both the active " + key + " and its commit " + name + " exist");
                chain.add(name);
            } else if (exists(snapshotter, key)) {
                assertEquals(Kind.ACTIVE, snapshotter.stat(key).kind(), key);
                for (Path directory : SnapshotFiles.directoriesNamed(snapshotter.mounts(key))) {
                    assertTrue(Files.isDirectory(directory), key + " names a missing directory " + directory);
                }
                snapshotter.remove(key);
            }
        }
        uncertainKey = Optional.empty();
        uncertainName = Optional.empty();
    }

    /** Every acknowledged commit is there, committed on its parent, with its content; every removal held. */
    void verify(Snapshotter snapshotter, Map<String, Info> listed, Path mountPoint) throws IOException {
        String parent = "";
        Map<String, String> expectedFiles = new LinkedHashMap<>();
        for (String name : chain) {
            Info info = listed.get(name);
            assertNotNull(info, "acknowledged commit " + name + " is gone");
            assertEquals(Kind.COMMITTED, info.kind(), name);
            assertEquals(parent, info.parent(), name);
            expectedFiles.put(fileOf(name), name);
            parent = name;
        }
        for (String name : removed) {
            assertFalse(listed.containsKey(name), "removed " + name + " came back");
        }
        if (!chain.isEmpty()) {
            assertEquals(Map.copyOf(expectedFiles), Map.copyOf(SnapshotFiles.readThroughView(snapshotter, parent, mountPoint)),
                    "content of " + parent + " and its parents");
        }
    }

    private void addLayer(Snapshotter snapshotter) throws IOException {
        int n = next++;
        String key = "client-" + id + "/active/" + n;
        String name = "client-" + id + "/layer/" + n;
        uncertainKey = Optional.of(key);
        uncertainName = Optional.of(name);
        List<Mount> mounts = snapshotter.prepare(key, chain.isEmpty() ? "" : chain.get(chain.size() - 1), Map.of());
        SnapshotFiles.write(mounts, fileOf(name), name);
        snapshotter.commit(name, key, Map.of("client", Integer.toString(id)));
        chain.add(name);
        uncertainKey = Optional.empty();
        uncertainName = Optional.empty();
    }

    private void removeTip(Snapshotter snapshotter) {
        String tip = chain.get(chain.size() - 1);
        uncertainRemove = Optional.of(tip);
        snapshotter.remove(tip);
        chain.remove(chain.size() - 1);
        removed.add(tip);
        uncertainRemove = Optional.empty();
    }

    private static String fileOf(String name) {
        return name.replace('/', '-');
    }

    private static boolean exists(Snapshotter snapshotter, String key) {
        try {
            snapshotter.stat(key);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }
}
