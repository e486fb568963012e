package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.snapshots.Mount;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExecSpecTest {
    private static final List<Mount> ROOT = List.of(Mount.of("bind", "/snapshots/1/fs", List.of("rbind", "rw")));

    @Test
    void buildNamesEveryMissingRequiredField() {
        IllegalStateException missing = assertThrows(IllegalStateException.class, () -> ExecSpec.builder().user("alice").build());
        assertTrue(missing.getMessage().endsWith("missing args, cwd, network, root"), missing.getMessage());
    }

    @Test
    void defaultsAreBuildKitsWhenOnlyRequiredFieldsAreGiven() {
        ExecSpec spec = ExecSpec.builder().args("true").cwd("/").network(NetworkMode.NONE).root(ROOT, false).build();
        assertEquals("", spec.user());
        assertEquals("buildkitsandbox", spec.hostname());
        assertEquals(SecurityMode.SANDBOX, spec.security());
        assertEquals(List.of(), spec.env());
        assertEquals(List.of(), spec.mounts());
    }

    @Test
    void invalidValuesAreRefused() {
        ExecSpec.Builder builder = ExecSpec.builder().args("true").cwd("/").network(NetworkMode.NONE).root(ROOT, false);
        assertThrows(IllegalArgumentException.class, () -> builder.env(List.of("NO_EQUALS")).build());
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.builder().args(List.of()).cwd("/").network(NetworkMode.HOST).root(ROOT, false).build());
        assertThrows(IllegalArgumentException.class, () -> ExecSpec.builder().args("true").cwd("relative").network(NetworkMode.HOST).root(ROOT, false).build());
        assertThrows(IllegalArgumentException.class, () -> new ExecMount.Tmpfs("relative", 0));
        assertThrows(IllegalArgumentException.class, () -> new ExecMount.Tmpfs("/t", -1));
        assertThrows(IllegalArgumentException.class, () -> new ExecMount.Secret("/s", Path.of("/f"), 010000, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new ExecMount.Snapshot("/s", List.of(), true));
        assertThrows(IllegalArgumentException.class, () -> new ExecMount.Snapshot("/s", List.of(Mount.of("bind", "/x", List.of())), true, "etc"));
        assertThrows(IllegalArgumentException.class, () -> new ExtraHost("two words", "10.0.0.1"));
    }
}
