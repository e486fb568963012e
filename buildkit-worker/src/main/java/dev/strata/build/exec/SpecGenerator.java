package dev.strata.build.exec;

import dev.strata.build.exec.RuntimeSpec.Capabilities;
import dev.strata.build.exec.RuntimeSpec.Device;
import dev.strata.build.exec.RuntimeSpec.DeviceRule;
import dev.strata.build.exec.RuntimeSpec.Linux;
import dev.strata.build.exec.RuntimeSpec.Namespace;
import dev.strata.build.exec.RuntimeSpec.Process;
import dev.strata.build.exec.RuntimeSpec.Resources;
import dev.strata.build.exec.RuntimeSpec.Root;
import dev.strata.build.exec.RuntimeSpec.SpecMount;
import dev.strata.build.exec.RuntimeSpec.User;
import dev.strata.snapshots.InvalidArgumentException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Writes the OCI runtime spec for one exec as BuildKit's oci.GenerateSpec does for the runc executor:
 * containerd's default sandbox, the process with a default PATH, a hostname, /etc/hosts and
 * /etc/resolv.conf bound read-only, a network namespace unless the network is the host's, and the
 * exec's mounts, a later mount replacing an earlier one at the same destination. Insecure mode is
 * refused unless this generator allows it.
 */
final class SpecGenerator {
    private final HostFacts host;
    private final boolean allowInsecure;

    SpecGenerator(HostFacts host, boolean allowInsecure) {
        this.host = host;
        this.allowInsecure = allowInsecure;
    }

    /** Files of the exec's state directory that the container sees. */
    record StateFiles(Path rootfs, Path resolvConf, Path hosts) {
    }

    RuntimeSpec generate(String id, ExecSpec exec, ResolvedUser user, StateFiles files, List<SpecMount> execMounts) {
        boolean insecure = exec.security() == SecurityMode.INSECURE;
        if (insecure && !allowInsecure) {
            throw new InvalidArgumentException("failed to run exec " + id + ": insecure security mode is not allowed on this executor");
        }
        List<String> caps = insecure ? union(DefaultSpec.CAPABILITIES, host.capabilities()) : DefaultSpec.CAPABILITIES;
        Capabilities capabilities = insecure
                ? new Capabilities(caps, caps, caps, caps, caps)
                : new Capabilities(caps, caps, caps, List.of(), List.of());
        Process process = new Process(false, new User(user.uid(), user.gid(), user.additionalGids()), exec.args(),
                withDefaultPath(exec.env()), exec.cwd(), capabilities, false);
        Linux linux = new Linux(
                namespaces(exec.network()),
                insecure ? List.of() : DefaultSpec.MASKED_PATHS,
                insecure ? List.of() : DefaultSpec.READONLY_PATHS,
                new Resources(insecure
                        ? List.of(new DeviceRule(true, "c", "rwm"), new DeviceRule(true, "b", "rwm"))
                        : List.of(new DeviceRule(false, null, "rwm"))),
                "/strata-build/" + id,
                insecure ? DefaultSpec.INSECURE_DEVICES : List.<Device>of());
        return new RuntimeSpec(RuntimeSpec.OCI_VERSION, process,
                new Root(files.rootfs().toString(), exec.readonlyRoot()), exec.hostname(),
                mounts(files, execMounts, insecure), linux);
    }

    private List<Namespace> namespaces(NetworkMode network) {
        List<Namespace> namespaces = new ArrayList<>(List.of(
                new Namespace("pid"), new Namespace("ipc"), new Namespace("uts"), new Namespace("mount")));
        if (network == NetworkMode.NONE) {
            namespaces.add(new Namespace("network"));
        }
        if (host.cgroupNamespace()) {
            namespaces.add(new Namespace("cgroup"));
        }
        return namespaces;
    }

    private static List<SpecMount> mounts(StateFiles files, List<SpecMount> execMounts, boolean insecure) {
        List<SpecMount> all = new ArrayList<>();
        for (SpecMount mount : DefaultSpec.SYSTEM_MOUNTS) {
            all.add(insecure ? writable(mount, "sysfs") : mount);
        }
        all.add(readonlyBind(files.resolvConf(), "/etc/resolv.conf"));
        all.add(readonlyBind(files.hosts(), "/etc/hosts"));
        all.add(insecure ? writable(DefaultSpec.CGROUP_MOUNT, "cgroup") : DefaultSpec.CGROUP_MOUNT);
        all.addAll(execMounts);
        Map<String, SpecMount> byDestination = new LinkedHashMap<>();
        for (SpecMount mount : all) {
            byDestination.put(mount.destination(), mount);
        }
        return List.copyOf(byDestination.values());
    }

    private static SpecMount readonlyBind(Path source, String destination) {
        return new SpecMount(destination, "bind", source.toString(), List.of("nosuid", "noexec", "nodev", "rbind", "ro"));
    }

    private static SpecMount writable(SpecMount mount, String type) {
        if (!mount.type().equals(type)) {
            return mount;
        }
        List<String> options = mount.options().stream().map(o -> o.equals("ro") ? "rw" : o).toList();
        return new SpecMount(mount.destination(), mount.type(), mount.source(), options);
    }

    private static List<String> withDefaultPath(List<String> env) {
        if (env.stream().anyMatch(e -> e.startsWith("PATH="))) {
            return env;
        }
        List<String> withPath = new ArrayList<>(env);
        withPath.add("PATH=" + DefaultSpec.DEFAULT_PATH);
        return withPath;
    }

    private static List<String> union(List<String> first, List<String> second) {
        LinkedHashSet<String> all = new LinkedHashSet<>(first);
        all.addAll(second);
        return List.copyOf(all);
    }
}
