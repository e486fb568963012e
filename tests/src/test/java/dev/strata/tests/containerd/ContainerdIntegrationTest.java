package dev.strata.tests.containerd;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.tests.support.BusyboxTestImage;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Containerd;
import dev.strata.tests.support.ListedSnapshot;
import dev.strata.tests.support.Polling;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Real containerd and runc on the snapshotter daemon, registered as proxy plugin "strata": what a
 * user does with {@code ctr} (import, run, list, remove) must work and leave nothing behind.
 * Each test gets its own daemon, containerd, namespace and image name.
 */
class ContainerdIntegrationTest {

    private static final String SNAPSHOTTER = "strata";
    private static final Duration RECONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GC_TIMEOUT = Duration.ofSeconds(30);
    private ScratchDirectory work;
    private SnapshotterDaemon daemon;
    private Containerd containerd;
    private String namespace;
    private String image;

    @BeforeEach
    void startDaemonAndContainerd() {
        String id = UUID.randomUUID().toString().substring(0, 8);
        namespace = "e2e-" + id;
        image = "docker.io/strata/busybox:" + id;
        work = ScratchDirectory.create("strata-t-");
        daemon = SnapshotterDaemon.start();
        containerd = Containerd.start(SNAPSHOTTER, daemon.socket());
    }

    @AfterEach
    void stopAndCleanUp() throws Exception {
        ScratchDirectory workToDelete = work;
        SnapshotterDaemon daemonToStop = daemon;
        Containerd containerdToStop = containerd;
        // Closed in reverse order: containerd first, as it holds mounts of the daemon's snapshots.
        try (workToDelete; daemonToStop; containerdToStop) {
            // only the closing matters
        }
    }

    @Test
    void importUnpacksEveryLayerAsACommittedSnapshotChain() {
        importImage();

        List<ListedSnapshot> snapshots = snapshotsSeenByContainerd();
        assertEquals(BusyboxTestImage.LAYER_COUNT, snapshots.size(), () -> "snapshots after import: " + snapshots);
        assertTrue(snapshots.stream().allMatch(s -> s.kind() == Kind.COMMITTED), () -> "kinds: " + snapshots);
        Set<String> keys = keys(snapshots);
        ListedSnapshot base = snapshots.stream().filter(s -> s.parent().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no base layer in " + snapshots));
        ListedSnapshot top = snapshots.stream().filter(s -> !s.parent().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError("no child layer in " + snapshots));
        assertEquals(base.key(), top.parent(), "the second layer's parent is the first layer");
        assertTrue(ctr("images", "ls", "-q").requireSuccess().lines().anyMatch(image::equals),
                "the imported image is listed under its annotated name");

        Map<String, CtrTables.UsageRow> usage = usage();
        assertEquals(keys, usage.keySet(), "usage reports every snapshot");
        assertAll(
                () -> assertTrue(usage.get(base.key()).sizeBytes() >= Files.size(BusyboxTestImage.BUSYBOX),
                        () -> "base layer usage counts busybox: " + usage.get(base.key())),
                () -> assertTrue(usage.get(base.key()).inodes() > BusyboxTestImage.APPLETS.size(),
                        () -> "base layer usage counts its files: " + usage.get(base.key())),
                () -> assertTrue(usage.get(top.key()).inodes() > 0,
                        () -> "top layer usage counts its files: " + usage.get(top.key())));
    }

    @Test
    void containerRunsOnTheLayersAfterTheSnapshotterRestarts() {
        importImage();
        Map<String, CtrTables.UsageRow> usageBefore = usage();

        assertEquals(0, daemon.restart(), "SIGTERM must stop the snapshotter cleanly");
        awaitContainerdReachesSnapshotter();

        assertEquals(usageBefore, usage(), "the restarted snapshotter still holds every layer");
        CommandResult run = ctr("run", "--rm", "--snapshotter", SNAPSHOTTER, image, "c1-" + namespace, "sh", "-c",
                "cat " + BusyboxTestImage.LAYER1_FILE + " " + BusyboxTestImage.LAYER2_FILE + ";"
                        + " if test -e " + BusyboxTestImage.DELETED_FILE + "; then echo present; else echo absent; fi;"
                        + " echo changed >> " + BusyboxTestImage.LAYER1_FILE + "; cat " + BusyboxTestImage.LAYER1_FILE + ";"
                        + " echo written > /tmp/new.txt; cat /tmp/new.txt");
        assertEquals(List.of(
                BusyboxTestImage.LAYER1_CONTENT,
                BusyboxTestImage.LAYER2_CONTENT,
                "absent",
                BusyboxTestImage.LAYER1_CONTENT,
                "changed",
                "written"), run.requireSuccess().lines().toList());

        List<ListedSnapshot> afterRemoval = snapshotsSeenByContainerd();
        assertTrue(afterRemoval.stream().allMatch(s -> s.kind() == Kind.COMMITTED),
                () -> "no active snapshot outlives its container: " + afterRemoval);
        assertEquals(keys(afterRemoval), usageBefore.keySet(), "the image layers remain");

        CommandResult second = ctr("run", "--rm", "--snapshotter", SNAPSHOTTER, image, "c2-" + namespace, "sh", "-c",
                "cat " + BusyboxTestImage.LAYER1_FILE + "; if test -e /tmp/new.txt; then echo leaked; else echo clean; fi");
        assertEquals(List.of(BusyboxTestImage.LAYER1_CONTENT, "clean"), second.requireSuccess().lines().toList(),
                "a container's writes never reach the image layers");
    }

    @Test
    void removingTheImageGarbageCollectsEverySnapshot() throws Exception {
        importImage();
        ctr("run", "--rm", "--snapshotter", SNAPSHOTTER, image, "c-" + namespace, "true").requireSuccess();

        ctr("images", "rm", "--sync", image).requireSuccess();

        Polling.await("containerd to forget the image's snapshots", GC_TIMEOUT,
                () -> snapshotsSeenByContainerd().isEmpty(), () -> "still listed: " + snapshotsSeenByContainerd());
        try (RemoteSnapshotter snapshotter = RemoteSnapshotter.connect(daemon.socket())) {
            Polling.await("the snapshotter to remove the collected snapshots", GC_TIMEOUT,
                    () -> heldBy(snapshotter).isEmpty(), () -> "still held by the snapshotter: " + heldBy(snapshotter));
        }
    }

    /** Every snapshot the snapshotter itself holds: containerd's listings come from its own metadata. */
    private static List<String> heldBy(RemoteSnapshotter snapshotter) {
        List<String> names = new ArrayList<>();
        snapshotter.walk(List.of(), info -> names.add(info.name()));
        return names;
    }

    private void importImage() {
        Path archive = BusyboxTestImage.writeArchive(image, work.resolve("image.tar"));
        ctr("images", "import", "--snapshotter", SNAPSHOTTER, archive.toString()).requireSuccess();
    }

    /** After a restart containerd reconnects with backoff; usage needs the snapshotter itself. */
    private void awaitContainerdReachesSnapshotter() {
        Polling.await("containerd to reach the restarted snapshotter", RECONNECT_TIMEOUT,
                () -> ctr("snapshots", "--snapshotter", SNAPSHOTTER, "usage", "-b").succeeded(),
                containerd::logTail);
    }

    private List<ListedSnapshot> snapshotsSeenByContainerd() {
        return CtrTables.snapshots(ctr("snapshots", "--snapshotter", SNAPSHOTTER, "ls").requireSuccess());
    }

    private Map<String, CtrTables.UsageRow> usage() {
        return CtrTables.usage(ctr("snapshots", "--snapshotter", SNAPSHOTTER, "usage", "-b").requireSuccess());
    }

    private CommandResult ctr(String... args) {
        return containerd.ctr(namespace, args);
    }

    private static Set<String> keys(List<ListedSnapshot> snapshots) {
        return snapshots.stream().map(ListedSnapshot::key).collect(Collectors.toSet());
    }
}
