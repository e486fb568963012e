package dev.strata.tests.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.tests.build.e2e.RawJsonProgress;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Modules;
import dev.strata.tests.support.SampleRegistry;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.StrataBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What {@code strata-build build} does with the corpus's parallel/ and bad/ Dockerfiles: independent
 * stages run at the same time; a bad Dockerfile fails before any step runs, with a message naming
 * the file and line at fault, as does a --platform the worker cannot build for. Needs root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerfileChecksIntegrationTest {
    private ScratchDirectory scratch;
    private SampleRegistry registry;

    @BeforeAll
    void startRegistry() {
        scratch = ScratchDirectory.create("strata-dockerfile-checks-");
        registry = SampleRegistry.onFreePort(scratch.directory("registry"));
    }

    @AfterAll
    void cleanUp() throws IOException {
        try (ScratchDirectory toDelete = scratch; SampleRegistry toStop = registry) {
            // only the closing matters
        }
    }

    @Test
    void independentStagesRunAtTheSameTime() {
        CommandResult result = build(scratch.directory("parallel"), corpus("parallel").resolve("Dockerfile"));
        result.requireSuccess();
        RawJsonProgress progress = RawJsonProgress.parse(result.stdout() + result.stderr());
        String left = "[left 2/2] RUN sleep 1 && echo left > /left";
        String right = "[right 2/2] RUN sleep 1 && echo right > /right";
        assertTrue(progress.firstRunning(left).getAsInt() < progress.firstCompleted(right).getAsInt(), progress.toString());
        assertTrue(progress.firstRunning(right).getAsInt() < progress.firstCompleted(left).getAsInt(), progress.toString());
    }

    @ParameterizedTest
    @CsvSource({
        "unknown-instruction, 4, ''",
        "undefined-from, 4, ''",
        "outside-context, 4, ''",
        "cycle, 2, ''",
        "missing-from, 4, ''",
        "one-stage, 0, --target=nosuchstage",
    })
    void badDockerfileFailsBeforeAnyStepRuns(String name, int line, String option) {
        Path root = scratch.directory("bad-" + name);
        Path dockerfile = corpus("bad").resolve(name + ".Dockerfile");
        CommandResult result = option.isEmpty() ? build(root, dockerfile) : build(root, dockerfile, option);

        assertNotEquals(0, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains(line == 0 ? dockerfile.toString() : dockerfile + ":" + line + ":"),
                result.toString());
        RawJsonProgress progress = RawJsonProgress.parse(result.stdout() + result.stderr());
        assertTrue(progress.updates().stream().noneMatch(update -> progress.ran(update.name())), progress.toString());
        assertEquals(List.of(), cacheRecords(root));
    }

    @Test
    void aPlatformOtherThanTheWorkersIsRefusedBeforeAnyStepRuns() {
        Path root = scratch.directory("other-platform");
        CommandResult result = build(root, corpus("parallel").resolve("Dockerfile"), "--platform", "linux/arm64");

        assertEquals(2, result.exitCode(), result.toString());
        assertTrue(result.stderr().contains("linux/arm64"), result.toString());
        assertEquals(List.of(), cacheRecords(root));
    }

    private List<String> cacheRecords(Path root) {
        return StrataBuild.onRoot(root).run("du").requireSuccess().lines()
                .filter(line -> !line.isBlank() && !line.startsWith("ID") && !line.startsWith("Total")).toList();
    }

    private CommandResult build(Path root, Path dockerfile, String... options) {
        List<String> args = new ArrayList<>(List.of("build", "--insecure-registry", registry.host(),
                "--build-arg", "BASE=" + registry.host() + "/library/busybox:test", "--progress", "rawjson",
                "-f", dockerfile.toString()));
        args.addAll(List.of(options));
        args.add(dockerfile.getParent().toString());
        return StrataBuild.onRoot(root).run(args.toArray(String[]::new));
    }

    private static Path corpus(String name) {
        return DockerfileCorpusIntegrationTest.corpus(name);
    }
}
