package dev.strata.build.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the spec depends on about the host: whether runc can give the container its own cgroup
 * namespace (cgroup v2, as BuildKit's cgroupV2NamespaceSupported checks) and the capabilities this
 * process holds, which insecure mode grants.
 */
record HostFacts(boolean cgroupNamespace, List<String> capabilities) {
    HostFacts {
        capabilities = List.copyOf(capabilities);
    }

    static HostFacts probe() throws IOException {
        boolean cgroupNamespace = Files.exists(Path.of("/proc/self/ns/cgroup"))
                && Files.exists(Path.of("/sys/fs/cgroup/cgroup.subtree_control"));
        return new HostFacts(cgroupNamespace, LinuxCapabilities.current());
    }
}
