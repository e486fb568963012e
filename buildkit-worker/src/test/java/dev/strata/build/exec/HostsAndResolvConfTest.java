package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostsAndResolvConfTest {
    @TempDir
    Path dir;

    @Test
    void hostsNamesLocalhostTheHostnameAndExtraHosts() {
        assertEquals("127.0.0.1\tlocalhost builder\n::1\tlocalhost ip6-localhost ip6-loopback\n10.0.0.9\tcache.test\n",
                HostsFile.content("builder", List.of(new ExtraHost("cache.test", "10.0.0.9"))));
        assertEquals("127.0.0.1\tlocalhost buildkitsandbox\n::1\tlocalhost ip6-localhost ip6-loopback\n",
                HostsFile.content("", List.of()));
    }

    @Test
    void hostNetworkCopiesTheHostsFile() throws IOException {
        Path host = Files.writeString(dir.resolve("resolv.conf"), "search example.org\nnameserver 127.0.0.53\n");
        assertEquals("search example.org\nnameserver 127.0.0.53\n", ResolvConf.forNetwork(NetworkMode.HOST, host, dir.resolve("none")));
    }

    @Test
    void otherNetworksDropLocalNameserversAndFallBackToPublicOnes() throws IOException {
        Path host = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.1\nnameserver 10.0.0.2\noptions ndots:2\n");
        assertEquals("nameserver 10.0.0.2\noptions ndots:2\n", ResolvConf.forNetwork(NetworkMode.NONE, host, dir.resolve("none")));
        Path onlyLocal = Files.writeString(dir.resolve("local.conf"), "nameserver ::1\n");
        assertEquals("nameserver 8.8.8.8\nnameserver 8.8.4.4\nnameserver 2001:4860:4860::8888\nnameserver 2001:4860:4860::8844\n",
                ResolvConf.forNetwork(NetworkMode.NONE, onlyLocal, dir.resolve("none")));
    }

    @Test
    void systemdResolvedsStubIsReplacedByItsUpstreamFile() throws IOException {
        Path host = Files.writeString(dir.resolve("resolv.conf"), "nameserver 127.0.0.53\n");
        Path resolved = Files.writeString(dir.resolve("upstream.conf"), "nameserver 192.168.1.1\n");
        assertEquals("nameserver 192.168.1.1\n", ResolvConf.forNetwork(NetworkMode.NONE, host, resolved));
    }
}
