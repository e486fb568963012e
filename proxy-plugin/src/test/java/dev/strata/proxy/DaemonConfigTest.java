package dev.strata.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DaemonConfigTest {
    @Test
    void namesEveryMissingSettingAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> DaemonConfig.builder().build());
        assertTrue(e.getMessage().contains("root") && e.getMessage().contains("address"), e.getMessage());
    }

    @Test
    void makesPathsAbsolute() {
        DaemonConfig config = DaemonConfig.builder().root(Path.of("state/../strata")).address(Path.of("s.sock")).build();
        assertEquals(Path.of("strata").toAbsolutePath(), config.root());
        assertTrue(config.address().isAbsolute());
    }
}
