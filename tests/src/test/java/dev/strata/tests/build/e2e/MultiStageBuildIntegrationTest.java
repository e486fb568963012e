package dev.strata.tests.build.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.client.ExecBuilder;
import dev.strata.build.llb.client.ExecMount;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.Owner;
import dev.strata.build.llb.client.State;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Containerd;
import dev.strata.tests.support.FileTreeListing;
import dev.strata.tests.support.SampleRegistry;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import dev.strata.tests.support.StrataBuild;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue 5's end-to-end check through the {@code strata-build} command line: a multi-stage DAG whose
 * two branches must run at the same time (each waits in a shared cache mount until the other has
 * started), file ops with ownership, exported as a docker archive that containerd imports and runs
 * with runc on the Strata snapshotter; the same build again answered from the cache and pushed to a
 * docker-registry on 127.0.0.1, then pulled back by a fresh worker; a failing step. Needs root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MultiStageBuildIntegrationTest {
    private static final String BRANCH_A = "branch a";
    private static final String BRANCH_B = "branch b";
    private static final String ASSEMBLE = "assemble";
    private static final String SNAPSHOTTER = "strata";
    /** How long a branch waits for the other one, in tenths of a second, before failing the build. */
    private static final int RENDEZVOUS_TENTHS = 600;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private ScratchDirectory scratch;
    private SampleRegistry registry;
    private StrataBuild worker;
    private Path definition;
    private CommandResult firstBuild;
    private Path archive;

    @BeforeAll
    void buildOnce() throws IOException {
        scratch = ScratchDirectory.create("strata-e2e-dag-");
        registry = SampleRegistry.onFreePort(scratch.directory("registry"));
        worker = StrataBuild.onRoot(scratch.directory("worker"));
        definition = Files.write(scratch.resolve("dag.pb"), dag(registry.host() + "/library/busybox:test").marshalBytes());
        archive = scratch.resolve("image.tar");
        firstBuild = solve(worker, definition, "--output", "type=docker,dest=" + archive + ",name=" + imageName());
    }

    @AfterAll
    void cleanUp() throws IOException {
        try (ScratchDirectory toDelete = scratch; SampleRegistry toStop = registry) {
            // only the closing matters
        }
    }

    @Test
    void independentBranchesRunAtTheSameTime() {
        firstBuild.requireSuccess();
        RawJsonProgress progress = RawJsonProgress.parse(firstBuild.stdout() + firstBuild.stderr());

        int bothRunning = Math.max(position(progress.firstRunning(BRANCH_A), BRANCH_A, progress),
                position(progress.firstRunning(BRANCH_B), BRANCH_B, progress));
        int firstDone = Math.min(position(progress.firstCompleted(BRANCH_A), BRANCH_A, progress),
                position(progress.firstCompleted(BRANCH_B), BRANCH_B, progress));
        assertTrue(bothRunning < firstDone, () -> "both branches started before either finished:\n" + progress);
    }

    @Test
    void exportedImageRunsOnContainerdWithItsFilesAndOwners() {
        firstBuild.requireSuccess();
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start();
             Containerd containerd = Containerd.start(SNAPSHOTTER, daemon.socket())) {
            String namespace = "e2e-" + id;
            containerd.ctr(namespace, "images", "import", "--snapshotter", SNAPSHOTTER, archive.toString()).requireSuccess();

            String output = containerd.ctr(namespace, "run", "--rm", "--snapshotter", SNAPSHOTTER, imageName(), "c-" + id,
                    "/bin/sh", "-c", "cat /a /b /data/note && stat -c '%n %u:%g %a' /data /data/note").requireSuccess();

            assertEquals(List.of("from a", "from b", "note", "/data 65534:65534 750", "/data/note 1000:1000 640"),
                    output.lines().toList());
        }
    }

    @Test
    void sameBuildAgainIsAnsweredFromTheCacheAndRoundTripsThroughTheRegistry() throws IOException {
        firstBuild.requireSuccess();
        Path tree = scratch.resolve("tree");
        String pushed = registry.host() + "/strata/e2e:" + id;

        CommandResult again = solve(worker, definition, "--output", "type=local,dest=" + tree,
                "--output", "type=image,name=" + pushed + ",push=true");

        again.requireSuccess();
        RawJsonProgress progress = RawJsonProgress.parse(again.stdout() + again.stderr());
        assertAll(
                () -> assertFalse(progress.updates().isEmpty(), "progress reported"),
                () -> assertTrue(progress.updates().stream()
                                .filter(update -> !update.name().startsWith("exporting to "))
                                .noneMatch(update -> progress.ran(update.name())),
                        () -> "no build step ran, only the exports:\n" + progress));
        Path pulled = scratch.resolve("pulled");
        Path pullDefinition = Files.write(scratch.resolve("pull.pb"), Llb.image(pushed).marshalBytes());
        solve(StrataBuild.onRoot(scratch.directory("second-worker")), pullDefinition,
                "--output", "type=local,dest=" + pulled).requireSuccess();
        assertEquals(FileTreeListing.of(tree), FileTreeListing.of(pulled));
    }

    @Test
    void failingStepFailsTheBuildWithItsNameAndOutputAndIsNotCached() throws IOException {
        State failing = Llb.image(registry.host() + "/library/busybox:test")
                .run(ExecBuilder.shell("echo last words-" + id + "; exit 3").options(OpOptions.named("step that fails")))
                .root();
        Path failingDefinition = Files.write(scratch.resolve("failing.pb"), failing.marshalBytes());
        StrataBuild failingWorker = StrataBuild.onRoot(scratch.directory("failing-worker"));

        CommandResult first = solve(failingWorker, failingDefinition);
        CommandResult second = solve(failingWorker, failingDefinition);

        assertAll(
                () -> assertEquals(1, first.exitCode(), first::toString),
                () -> assertTrue(first.stderr().contains("step that fails"), first::toString),
                () -> assertTrue(first.stderr().contains("last words-" + id), first::toString),
                () -> assertEquals(1, second.exitCode(), second::toString),
                () -> assertTrue(RawJsonProgress.parse(second.stdout() + second.stderr()).ran("step that fails"),
                        () -> "a failed step is not cached: " + second));
    }

    /** Two branches from the base that meet in a shared cache mount, and a file op that assembles them. */
    private static State dag(String baseImage) {
        State base = Llb.image(baseImage);
        State a = branch(base, BRANCH_A, "a", "b");
        State b = branch(base, BRANCH_B, "b", "a");
        return base.file(OpOptions.named(ASSEMBLE),
                FileAction.copy(a, "/a", "/a"),
                FileAction.copy(b, "/b", "/b"),
                FileAction.mkdir("/data", 0750).owner(Owner.names("nobody", "nogroup")),
                FileAction.mkfile("/data/note", 0640, "note\n".getBytes(StandardCharsets.UTF_8)).owner(Owner.ids(1000, 1000)));
    }

    private static State branch(State base, String name, String self, String other) {
        String waitForOther = "touch /rendezvous/" + self + " && i=0 && while [ ! -e /rendezvous/" + other + " ]; do"
                + " i=$((i + 1)); [ $i -le " + RENDEZVOUS_TENTHS + " ] || exit 9; sleep 0.1; done";
        return base.run(ExecBuilder.shell(waitForOther + " && echo 'from " + self + "' > /" + self)
                .mount(ExecMount.cache("/rendezvous", "e2e-rendezvous", CacheSharingOpt.SHARED))
                .options(OpOptions.named(name))).root();
    }

    private CommandResult solve(StrataBuild on, Path llb, String... options) {
        List<String> args = new ArrayList<>(List.of("solve", "--llb", llb.toString(),
                "--insecure-registry", registry.host(), "--progress", "rawjson"));
        args.addAll(List.of(options));
        return on.run(args.toArray(String[]::new));
    }

    private String imageName() {
        return "docker.io/strata/e2e:" + id;
    }

    private static int position(OptionalInt position, String name, RawJsonProgress progress) {
        return position.orElseThrow(() -> new AssertionError("no progress for " + name + ":\n" + progress));
    }
}
