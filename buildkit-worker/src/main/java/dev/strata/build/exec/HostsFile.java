package dev.strata.build.exec;

import java.util.List;

/** The /etc/hosts an exec sees, as BuildKit's oci.GetHostsFile writes it. */
final class HostsFile {
    private HostsFile() {
    }

    static String content(String hostname, List<ExtraHost> extraHosts) {
        StringBuilder hosts = new StringBuilder()
                .append("127.0.0.1\tlocalhost ").append(hostname.isEmpty() ? ExecSpec.DEFAULT_HOSTNAME : hostname).append('\n')
                .append("::1\tlocalhost ip6-localhost ip6-loopback\n");
        for (ExtraHost extra : extraHosts) {
            hosts.append(extra.ip()).append('\t').append(extra.host()).append('\n');
        }
        return hosts.toString();
    }
}
