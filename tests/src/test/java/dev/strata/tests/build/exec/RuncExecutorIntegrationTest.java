package dev.strata.tests.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.exec.ExecFailedException;
import dev.strata.build.exec.ExecMount;
import dev.strata.build.exec.ExecSpec;
import dev.strata.build.exec.ExecutorConfig;
import dev.strata.build.exec.ExtraHost;
import dev.strata.build.exec.NetworkMode;
import dev.strata.build.exec.RuncExecutor;
import dev.strata.build.exec.SecurityMode;
import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.Mounts;
import dev.strata.tests.support.Polling;
import dev.strata.tests.support.ScratchDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Execs through Debian's runc on a busybox root snapshot of an embedded OverlaySnapshotter; needs root.
 * After every test nothing may stay mounted, running in runc, or in the executor's bundle directory.
 */
class RuncExecutorIntegrationTest {
    /** Docker's and BuildKit's default capability set as a CapEff mask. */
    private static final String DEFAULT_CAP_EFF = "00000000a80425fb";

    private static ScratchDirectory scratch;
    private static OverlaySnapshotter snapshotter;
    private static final Mounter MOUNTER = new Mounter();
    private static final AtomicInteger KEYS = new AtomicInteger();
    private static Path state;
    private static RuncExecutor executor;

    @BeforeAll
    static void setUp() throws IOException {
        scratch = ScratchDirectory.create("strata-exec-");
        snapshotter = OverlaySnapshotter.open(scratch.directory("snapshots"));
        BusyboxRootfs.commit(snapshotter, MOUNTER, scratch.directory("base-mount"), "base");
        state = scratch.directory("worker");
        executor = RuncExecutor.create(ExecutorConfig.defaults(state), MOUNTER);
    }

    @AfterAll
    static void tearDown() throws IOException {
        try {
            if (snapshotter != null) {
                snapshotter.close();
            }
        } finally {
            scratch.close();
        }
    }

    @AfterEach
    void nothingIsLeftBehind() throws IOException {
        assertEquals(List.of(), Mounts.under(state), "mounts left in the worker state");
        assertEquals("", Commands.run(Duration.ofSeconds(30), List.of("runc", "--root", state.resolve("runc").toString(), "list", "-q"))
                .requireSuccess().strip(), "containers left in runc");
        try (var bundles = Files.list(state.resolve("bundles"))) {
            assertEquals(List.of(), bundles.toList(), "bundles left behind");
        }
    }

    @Test
    void stdoutAndStderrGoToTheCallback() throws Exception {
        assertEquals(Set.of("hello", "to stderr"), Set.copyOf(run(spec("echo hello; echo 'to stderr' >&2"))),
                "stdout and stderr both arrive, in whatever order the process flushed them");
    }

    @Test
    void envAndCwdAreSetAndAMissingCwdIsCreatedInTheLayer() throws Exception {
        String key = newRoot();
        List<String> output = run(builder(key, "echo $GREETING; pwd; echo $PATH").env(List.of("GREETING=hi")).cwd("/work/dir").build());
        assertEquals(List.of("hi", "/work/dir", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), output);
        assertTrue(Files.isDirectory(upper(key).resolve("work/dir")));
    }

    @Test
    void aUserNameResolvesToItsIdsAndSupplementaryGroups() throws Exception {
        assertEquals(List.of("1000", "1000", "1000 2000"),
                run(builder(newRoot(), "id -u; id -g; id -G").user("alice").build()));
        assertEquals(List.of("1000", "3000", "3000"),
                run(builder(newRoot(), "id -u; id -g; id -G").user("alice:wheel").build()));
        assertEquals(List.of("4242", "77"), run(builder(newRoot(), "id -u; id -g").user("4242:77").build()));
        assertThrows(InvalidArgumentException.class, () -> run(builder(newRoot(), "true").user("nobody").build()));
    }

    @Test
    void hostnameAndHostsFile() throws Exception {
        List<String> output = run(builder(newRoot(), "hostname; cat /etc/hosts")
                .hostname("builder").extraHosts(List.of(new ExtraHost("registry.test", "10.1.2.3"))).build());
        assertEquals(List.of("builder", "127.0.0.1\tlocalhost builder", "::1\tlocalhost ip6-localhost ip6-loopback",
                "10.1.2.3\tregistry.test"), output);
        assertEquals(List.of("buildkitsandbox"), run(spec("hostname")));
    }

    @Test
    void networkNoneHasOnlyLoopbackUpAndHostNetworkSeesTheHostsInterfaces() throws Exception {
        assertEquals(Set.of("lo"), interfaces(run(spec("cat /proc/net/dev"))));
        int loFlags = Integer.decode(run(spec("cat /sys/class/net/lo/flags")).get(0));
        assertEquals(1, loFlags & 1, "lo is up");
        List<String> hostNetwork = run(builder(newRoot(), "cat /proc/net/dev").network(NetworkMode.HOST).build());
        assertEquals(interfaces(Files.readAllLines(Path.of("/proc/net/dev"))), interfaces(hostNetwork));
    }

    @Test
    void sandboxHasTheDefaultCapabilitiesAndMaskedPaths() throws Exception {
        List<String> output = run(spec("grep CapEff /proc/self/status; test -c /proc/keys && echo keys masked;"
                + " ls /sys/firmware | wc -l; grep ' /proc/sys ' /proc/self/mounts | grep -c ' ro,'"));
        assertEquals(List.of("CapEff:\t" + DEFAULT_CAP_EFF, "keys masked", "0", "1"), output);
    }

    @Test
    void insecureModeIsRefusedUnlessAllowedAndThenGrantsTheHostsCapabilities() throws Exception {
        ExecSpec insecure = builder(newRoot(), "grep CapEff /proc/self/status; test -c /proc/keys || echo keys visible")
                .security(SecurityMode.INSECURE).build();
        assertThrows(InvalidArgumentException.class, () -> run(insecure));
        RuncExecutor allowing = RuncExecutor.create(ExecutorConfig.defaults(state).withAllowInsecure(true), MOUNTER);
        List<String> output = new ArrayList<>();
        allowing.run(insecure, output::add);
        String hostCapEff = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow();
        assertEquals(List.of(hostCapEff, "keys visible"), output);
    }

    @Test
    void snapshotMountsAreReadonlyOrWritable() throws Exception {
        String readonlyKey = newRoot();
        String writableKey = newRoot();
        ExecSpec exec = builder(newRoot(), "cat /ro/etc/group | grep -c builders; touch /ro/new 2>/dev/null || echo refused; touch /rw/new && echo written")
                .mount(new ExecMount.Snapshot("/ro", snapshotter.mounts(readonlyKey), true))
                .mount(new ExecMount.Snapshot("/rw", snapshotter.mounts(writableKey), false))
                .build();
        List<String> output = run(exec);
        assertTrue(output.containsAll(List.of("1", "refused", "written")), output.toString());
        assertFalse(Files.exists(upper(readonlyKey).resolve("new")));
        assertTrue(Files.exists(upper(writableKey).resolve("new")));
    }

    @Test
    void aSelectorMountsOnlyThatPartOfTheSnapshot() throws Exception {
        String key = newRoot();
        List<String> output = run(builder(newRoot(), "ls /conf")
                .mount(new ExecMount.Snapshot("/conf", snapshotter.mounts(key), true, "/bin/../etc"))
                .build());
        assertEquals(List.of("group", "passwd"), output);
        assertThrows(IOException.class, () -> run(builder(newRoot(), "true")
                .mount(new ExecMount.Snapshot("/conf", snapshotter.mounts(key), true, "/missing"))
                .build()));
    }

    @Test
    void tmpfsAndCacheMounts() throws Exception {
        Path cache = scratch.directory("cache");
        String key = newRoot();
        List<String> output = run(builder(key, "grep ' /scratch ' /proc/self/mounts | cut -d' ' -f3; echo t > /scratch/f; echo c > /cache/f")
                .mount(new ExecMount.Tmpfs("/scratch", 1 << 20))
                .mount(new ExecMount.Cache("/cache", cache))
                .build());
        assertEquals(List.of("tmpfs"), output);
        assertEquals("c\n", Files.readString(cache.resolve("f")));
        assertFalse(Files.exists(upper(key).resolve("scratch/f")));
    }

    @Test
    void secretIsReadableWithItsModeAndOwnerAndNotLeftBehind() throws Exception {
        Path secret = scratch.resolve("token");
        Files.writeString(secret, "s3cret");
        String key = newRoot();
        List<String> output = run(builder(key, "cat /run/secrets/token; echo; stat -c '%a %u %g' /run/secrets/token")
                .user("alice")
                .mount(new ExecMount.Secret("/run/secrets/token", secret, 0400, 1000, 1000))
                .removeMountStubsRecursive(true)
                .build());
        assertEquals(List.of("s3cret", "400 1000 1000"), output);
        assertFalse(Files.exists(upper(key).resolve("run")), "mount stubs are removed with their created parents");
    }

    @Test
    void aFailingCommandReportsItsExitCodeAndLastLines() throws Exception {
        List<String> output = new ArrayList<>();
        ExecFailedException failure = assertThrows(ExecFailedException.class, () -> executor.run(
                builder(newRoot(), "for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22; do echo line $i; done; exit 3").build(),
                output::add));
        assertEquals(3, failure.exitCode());
        assertEquals(22, output.size());
        assertEquals(output.subList(2, 22), failure.lastLines());
    }

    @Test
    void aCommandRuncCannotStartFailsWithRuncsError() {
        ExecFailedException failure = assertThrows(ExecFailedException.class, () -> run(ExecSpec.builder()
                .args("/bin/no-such-command").cwd("/").network(NetworkMode.NONE).root(snapshotter.mounts(newRoot()), false).build()));
        assertNotEquals(0, failure.exitCode());
        assertFalse(failure.lastLines().isEmpty(), "runc's error is kept");
    }

    @Test
    void anInterruptedExecIsKilledAndCleanedUp() throws Exception {
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                executor.run(builder(newRoot(), "echo started; sleep 600").build(), output::add);
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        caller.start();
        Polling.await("the exec to start", Duration.ofSeconds(30), () -> output.contains("started"), output::toString);
        caller.interrupt();
        caller.join(Duration.ofSeconds(60).toMillis());
        assertFalse(caller.isAlive(), "the interrupted exec returns");
        assertEquals(InterruptedException.class, thrown.get().getClass());
    }

    @Test
    void writesLandInTheRootSnapshotWithoutMountStubs() throws Exception {
        String key = newRoot();
        run(builder(key, "echo data > /out.txt").build());
        snapshotter.commit("committed-" + key, key, Map.of());
        Path view = scratch.directory("view-" + key);
        MOUNTER.mount(snapshotter.view("view-" + key, "committed-" + key, Map.of()), view);
        try {
            assertEquals("data\n", Files.readString(view.resolve("out.txt")));
            assertFalse(Files.exists(view.resolve("etc/hosts")), "the /etc/hosts stub is removed");
            assertFalse(Files.exists(view.resolve("etc/resolv.conf")), "the /etc/resolv.conf stub is removed");
        } finally {
            MOUNTER.unmount(view);
        }
    }

    private static String newRoot() {
        String key = "exec-" + KEYS.incrementAndGet();
        snapshotter.prepare(key, "base", Map.of());
        return key;
    }

    private static ExecSpec.Builder builder(String key, String script) {
        return ExecSpec.builder()
                .args("/bin/sh", "-c", script)
                .cwd("/")
                .network(NetworkMode.NONE)
                .root(snapshotter.mounts(key), false);
    }

    private static ExecSpec spec(String script) {
        return builder(newRoot(), script).build();
    }

    private static List<String> run(ExecSpec exec) throws Exception {
        List<String> output = Collections.synchronizedList(new ArrayList<>());
        executor.run(exec, output::add);
        return List.copyOf(output);
    }

    /** The upper directory of an active overlay snapshot, from its mount options. */
    private static Path upper(String key) {
        return snapshotter.mounts(key).get(0).options().stream()
                .filter(o -> o.startsWith("upperdir="))
                .map(o -> Path.of(o.substring("upperdir=".length())))
                .findFirst().orElseThrow();
    }

    /** Interface names from /proc/net/dev (two header lines, then "name: counters"). */
    private static Set<String> interfaces(List<String> procNetDev) {
        return procNetDev.stream().skip(2).map(l -> l.split(":")[0].strip()).collect(Collectors.toSet());
    }
}
