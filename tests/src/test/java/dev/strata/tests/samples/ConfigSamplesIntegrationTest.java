package dev.strata.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.Modules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file in config-samples/ is read by the program it is for, and agrees with the others. */
class ConfigSamplesIntegrationTest {
    private static final Path REPO = Modules.repositoryRoot();
    private static final Path SAMPLES = REPO.resolve("config-samples");
    private static final TomlMapper TOML = new TomlMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private static JsonNode toml(String name) throws IOException {
        return TOML.readTree(SAMPLES.resolve(name).toFile());
    }

    private static String strataSocket() throws IOException {
        return toml("strata.toml").path("address").asText();
    }

    @Test
    void containerd16ReadsTheVersion2ConfigAndRegistersTheProxy() throws IOException {
        CommandResult dump = Commands.run(TIMEOUT, List.of("containerd", "--config", SAMPLES.resolve("containerd-config-v2.toml").toString(),
                "config", "dump"));
        JsonNode effective = TOML.readTree(dump.requireSuccess());
        JsonNode proxy = effective.path("proxy_plugins").path("strata");
        assertEquals("snapshot", proxy.path("type").asText());
        assertEquals(strataSocket(), proxy.path("address").asText());
        assertEquals("strata", effective.path("plugins").path("io.containerd.grpc.v1.cri")
                .path("containerd").path("snapshotter").asText());
    }

    @Test
    void theVersion3ConfigRegistersTheProxyForContainerd2() throws IOException {
        JsonNode config = toml("containerd-config-v3.toml");
        assertEquals(3, config.path("version").asInt());
        JsonNode proxy = config.path("proxy_plugins").path("strata");
        assertEquals("snapshot", proxy.path("type").asText());
        assertEquals(strataSocket(), proxy.path("address").asText());
        JsonNode plugins = config.path("plugins");
        assertEquals("strata", plugins.path("io.containerd.cri.v1.images").path("snapshotter").asText());
        assertEquals("strata", plugins.path("io.containerd.transfer.v1.local").path("unpack_config")
                .path(0).path("snapshotter").asText());
    }

    @Test
    void nerdctlSelectsStrata() throws IOException {
        assertEquals("strata", toml("nerdctl.toml").path("snapshotter").asText());
    }

    @Test
    void systemdAcceptsTheUnitAndOrdersItBeforeContainerd() throws IOException {
        String unit = Files.readString(SAMPLES.resolve("strata-snapshotter.service"));
        assertTrue(unit.lines().anyMatch(l -> l.equals("Before=containerd.service")), "not ordered before containerd");
        Path installed = work.resolve("strata-snapshotter.service");
        Files.writeString(installed, unit.replace("/opt/strata/bin/strata-snapshotter",
                REPO.resolve("bin/strata-snapshotter").toString()));
        CommandResult verify = Commands.run(TIMEOUT, List.of("systemd-analyze", "verify", installed.toString()));
        verify.requireSuccess();
        assertEquals("", (verify.stdout() + verify.stderr()).strip(), "systemd warned about the unit");
    }
}
