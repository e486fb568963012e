package dev.strata.tests.build.e2e;

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
 * BuildKit's own Dockerfile frontend wrote these definitions and BuildKit's result is their
 * truth.txt: {@code strata-build solve} of each def.pb, its base image pulled from the sample
 * registry on 127.0.0.1:5000 (plain HTTP) and the sample folder as local "context", must give the
 * same tree, line by line. Needs root.
 */
class LlbSamplesIntegrationTest {

    @ParameterizedTest
    @ValueSource(strings = {"copy-from", "multistage-parallel"})
    void solvedSampleListsAsBuildKitsResult(String sample) throws IOException {
        Path folder = SharedSamples.resolve(sample);
        try (ScratchDirectory scratch = ScratchDirectory.create("strata-e2e-sample-");
             SampleRegistry registry = SampleRegistry.onSamplesPort(scratch.directory("registry"))) {
            Path tree = scratch.resolve("tree");

            StrataBuild.onRoot(scratch.directory("worker")).run("solve", "--llb", folder.resolve("def.pb").toString(),
                    "--local", "context=" + folder, "--insecure-registry", registry.host(),
                    "--output", "type=local,dest=" + tree, "--progress", "plain").requireSuccess();

            assertEquals(String.join("\n", FileTreeListing.read(folder.resolve("truth.txt"))),
                    String.join("\n", FileTreeListing.of(tree)));
        }
    }
}
