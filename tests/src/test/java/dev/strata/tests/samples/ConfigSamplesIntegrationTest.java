package dev.strata.tests.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every file in config-samples/ is read by the program it is for, and agrees with the others. */
class ConfigSamplesIntegrationTest {
    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    private static final Path SAMPLES = REPO.resolve("config-samples");
    private static final TomlMapper TOML = new TomlMapper();

    @TempDir
    Path work;

    private static JsonNode toml(String name) throws IOException {
        return TOML.readTree(SAMPLES.resolve(name).toFile());
    }

    private static String strataSocket() throws IOException {
        return toml("strata.toml").path("address").asText();
    }

    @Test
    void containerd16ReadsTheVersion2ConfigAndRegistersTheProxy() throws Exception {
        Result dump = run(List.of("containerd", "--config", SAMPLES.resolve("containerd-config-v2.toml").toString(),
                "config", "dump"));
        assertEquals(0, dump.exitCode(), dump.output());
        JsonNode effective = TOML.readTree(dump.output());
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
    void systemdAcceptsTheUnitAndOrdersItBeforeContainerd() throws Exception {
        String unit = Files.readString(SAMPLES.resolve("strata-snapshotter.service"));
        assertTrue(unit.lines().anyMatch(l -> l.equals("Before=containerd.service")), "not ordered before containerd");
        Path installed = work.resolve("strata-snapshotter.service");
        Files.writeString(installed, unit.replace("/opt/strata/bin/strata-snapshotter",
                REPO.resolve("bin/strata-snapshotter").toString()));
        Result verify = run(List.of("systemd-analyze", "verify", installed.toString()));
        assertEquals(0, verify.exitCode(), verify.output());
        assertEquals("", verify.output().strip(), "systemd warned about the unit");
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(command.get(0) + " did not finish within 60 s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
