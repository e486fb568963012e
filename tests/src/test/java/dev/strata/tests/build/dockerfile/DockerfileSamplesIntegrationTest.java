package dev.strata.tests.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.tests.support.FileTreeListing;
import dev.strata.tests.support.SampleRegistry;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SharedSamples;
import dev.strata.tests.support.StrataBuild;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code strata-build build} of each sample's Dockerfile, its base image resolved and pulled from the
 * sample registry on 127.0.0.1:5000 (plain HTTP), must give BuildKit's result, truth.txt, line by
 * line. Needs root.
 */
class DockerfileSamplesIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"copy-from", "multistage-parallel"})
    void builtDockerfileListsAsBuildKitsResult(String sample) throws IOException {
        Path folder = SharedSamples.resolve(sample);
        try (ScratchDirectory scratch = ScratchDirectory.create("strata-dockerfile-sample-");
             SampleRegistry registry = SampleRegistry.onSamplesPort(scratch.directory("registry"))) {
            Path tree = scratch.resolve("tree");

            StrataBuild.onRoot(scratch.directory("worker")).run("build", "--insecure-registry", registry.host(),
                    "--output", "type=local,dest=" + tree, "--progress", "plain", folder.toString()).requireSuccess();

            assertEquals(String.join("\n", FileTreeListing.read(folder.resolve("truth.txt"))),
                    String.join("\n", FileTreeListing.of(tree)));
        }
    }
}
