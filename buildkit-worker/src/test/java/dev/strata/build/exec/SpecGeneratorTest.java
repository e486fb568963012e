package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.exec.RuntimeSpec.Namespace;
import dev.strata.build.exec.RuntimeSpec.SpecMount;
import dev.strata.build.exec.SpecGenerator.StateFiles;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.Mount;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecGeneratorTest {
    private static final HostFacts HOST = new HostFacts(true, List.of("CAP_CHOWN", "CAP_SYS_ADMIN", "CAP_NET_ADMIN"));
    private static final StateFiles FILES = new StateFiles(Path.of("/state/b/rootfs"), Path.of("/state/b/resolv.conf"), Path.of("/state/b/hosts"));
    private static final ResolvedUser ALICE = new ResolvedUser(1000, 1000, List.of(1000, 2000));

    private static ExecSpec.Builder exec() {
        return ExecSpec.builder().args("sh", "-c", "true").cwd("/src").network(NetworkMode.NONE)
                .root(List.of(Mount.of("bind", "/s/1/fs", List.of("rbind"))), false);
    }

    private static RuntimeSpec generate(ExecSpec exec, List<SpecMount> mounts) {
        return new SpecGenerator(HOST, false).generate("id1", exec, ALICE, FILES, mounts);
    }

    @Test
    void processGetsArgsCwdUserAndADefaultPath() {
        RuntimeSpec spec = generate(exec().env(List.of("A=1")).build(), List.of());
        assertEquals(List.of("sh", "-c", "true"), spec.process().args());
        assertEquals(List.of("A=1", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), spec.process().env());
        assertEquals("/src", spec.process().cwd());
        assertEquals(new RuntimeSpec.User(1000, 1000, List.of(1000, 2000)), spec.process().user());
        assertFalse(spec.process().noNewPrivileges());
        assertEquals("buildkitsandbox", spec.hostname());
        assertEquals(List.of("PATH=/bin"), generate(exec().env(List.of("PATH=/bin")).build(), List.of()).process().env());
    }

    @Test
    void sandboxHasDefaultCapabilitiesMaskedPathsAndAReadonlySys() {
        RuntimeSpec spec = generate(exec().build(), List.of());
        assertEquals(DefaultSpec.CAPABILITIES, spec.process().capabilities().effective());
        assertEquals(List.of(), spec.process().capabilities().ambient());
        assertTrue(spec.linux().maskedPaths().contains("/proc/kcore"));
        assertTrue(spec.linux().readonlyPaths().contains("/proc/sys"));
        assertTrue(mount(spec, "/sys").options().contains("ro"));
        assertEquals("bind", mount(spec, "/etc/hosts").type());
        assertEquals("/state/b/hosts", mount(spec, "/etc/hosts").source());
        assertEquals("/state/b/resolv.conf", mount(spec, "/etc/resolv.conf").source());
        assertFalse(spec.mounts().stream().anyMatch(m -> m.destination().equals("/run")), "BuildKit drops /run");
    }

    @Test
    void networkNoneGetsItsOwnNamespaceAndHostNetworkDoesNot() {
        assertEquals(List.of("pid", "ipc", "uts", "mount", "network", "cgroup"),
                generate(exec().build(), List.of()).linux().namespaces().stream().map(Namespace::type).toList());
        assertEquals(List.of("pid", "ipc", "uts", "mount", "cgroup"),
                generate(exec().network(NetworkMode.HOST).build(), List.of()).linux().namespaces().stream().map(Namespace::type).toList());
    }

    @Test
    void insecureIsRefusedUnlessAllowedAndThenAddsTheHostsCapabilitiesAndUnmasks() {
        ExecSpec insecure = exec().security(SecurityMode.INSECURE).build();
        assertThrows(InvalidArgumentException.class, () -> generate(insecure, List.of()));
        RuntimeSpec spec = new SpecGenerator(HOST, true).generate("id1", insecure, ALICE, FILES, List.of());
        List<String> effective = spec.process().capabilities().effective();
        assertTrue(effective.containsAll(DefaultSpec.CAPABILITIES) && effective.containsAll(HOST.capabilities()));
        assertEquals(effective.size(), effective.stream().distinct().count());
        assertEquals(List.of(), spec.linux().maskedPaths());
        assertEquals(List.of(), spec.linux().readonlyPaths());
        assertTrue(mount(spec, "/sys").options().contains("rw"));
    }

    @Test
    void aLaterMountReplacesAnEarlierOneAtTheSameDestination() {
        SpecMount hosts = new SpecMount("/etc/hosts", "bind", "/mine", List.of("rbind", "ro"));
        SpecMount tmp = new SpecMount("/tmp", "tmpfs", "tmpfs", List.of("nosuid"));
        RuntimeSpec spec = generate(exec().build(), List.of(hosts, tmp));
        assertEquals(hosts, mount(spec, "/etc/hosts"));
        assertEquals(1, spec.mounts().stream().filter(m -> m.destination().equals("/etc/hosts")).count());
        assertEquals(tmp, spec.mounts().get(spec.mounts().size() - 1));
    }

    @Test
    void jsonUsesTheRuntimeSpecFieldNames() throws Exception {
        JsonNode json = new ObjectMapper().valueToTree(generate(exec().build(), List.of()));
        assertEquals("1.0.2", json.get("ociVersion").asText());
        assertEquals("/state/b/rootfs", json.at("/root/path").asText());
        assertEquals(2000, json.at("/process/user/additionalGids/1").asInt());
        assertEquals("CAP_CHOWN", json.at("/process/capabilities/bounding/0").asText());
        assertEquals("/strata-build/id1", json.at("/linux/cgroupsPath").asText());
        assertEquals("rwm", json.at("/linux/resources/devices/0/access").asText());
        assertFalse(json.at("/linux/resources/devices/0").has("type"));
    }

    private static SpecMount mount(RuntimeSpec spec, String destination) {
        return spec.mounts().stream().filter(m -> m.destination().equals(destination)).findFirst().orElseThrow();
    }
}
