package dev.strata.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void readsEveryKey() throws IOException {
        Path file = write("root = \"/var/lib/strata\"\naddress = \"/run/strata/strata.sock\"\nsocket_group = \"containerd\"\n");
        DaemonConfig.Builder builder = DaemonConfig.builder();
        ConfigFile.read(file, builder);
        DaemonConfig config = builder.build();
        assertEquals(Path.of("/var/lib/strata"), config.root());
        assertEquals(Path.of("/run/strata/strata.sock"), config.address());
        assertEquals(Optional.of("containerd"), config.socketGroup());
    }

    @Test
    void flagsOverrideTheFile() throws IOException {
        Path file = write("root = \"/var/lib/strata\"\naddress = \"/run/strata/strata.sock\"\n");
        DaemonConfig.Builder builder = DaemonConfig.builder();
        ConfigFile.read(file, builder);
        DaemonConfig config = builder.root(Path.of("/srv/strata")).address(null).build();
        assertEquals(Path.of("/srv/strata"), config.root());
        assertEquals(Path.of("/run/strata/strata.sock"), config.address());
    }

    @Test
    void anEmptyFileSetsNothing() throws IOException {
        DaemonConfig.Builder builder = DaemonConfig.builder();
        ConfigFile.read(write(""), builder);
        assertThrows(ConfigException.class, builder::build);
    }

    @Test
    void anUnknownKeyIsAnError() throws IOException {
        Path file = write("root = \"/var/lib/strata\"\nadress = \"/run/strata.sock\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigFile.read(file, DaemonConfig.builder()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void invalidTomlIsAnError() throws IOException {
        Path file = write("root = /var/lib/strata\n");
        assertThrows(ConfigException.class, () -> ConfigFile.read(file, DaemonConfig.builder()));
    }

    @Test
    void aMissingFileIsAnError() {
        assertThrows(ConfigException.class, () -> ConfigFile.read(dir.resolve("absent.toml"), DaemonConfig.builder()));
    }

    @Test
    void theSampleConfigParses() {
        DaemonConfig.Builder builder = DaemonConfig.builder();
        ConfigFile.read(Path.of("..", "config-samples", "strata.toml"), builder);
        assertEquals(Path.of("/run/strata/strata.sock"), builder.build().address());
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("strata.toml"), text);
    }
}
