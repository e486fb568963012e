package dev.strata.build.frontend.dockerfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.LlbSamples;
import dev.strata.build.llb.pb.Definition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Converts the samples' Dockerfiles and compares with what BuildKit v0.11.6's frontend wrote. */
class DockerfileFrontendSamplesTest {
  private static Conversion convert(String sample) throws IOException {
    String dockerfile = Files.readString(LlbSamples.dir(sample).resolve("Dockerfile"));
    return new DockerfileFrontend(new SampleBase()).convert(ConvertRequest.builder(dockerfile).build());
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void definitionIsBuildKitsByteForByteSaveTheSourceMap(String sample) throws IOException {
    Definition buildkit = Definition.parseFrom(Files.readAllBytes(LlbSamples.dir(sample).resolve("def.pb")));
    Definition ours = Definition.parseFrom(convert(sample).definition());

    assertEquals(buildkit.getDefList(), ours.getDefList());
    assertEquals(buildkit.getMetadataMap(), ours.getMetadataMap());
    assertArrayEquals(Deterministic.toBytes(buildkit.toBuilder().clearSource().build()), convert(sample).definition());
  }

  @ParameterizedTest
  @ValueSource(strings = {LlbSamples.COPY_FROM, LlbSamples.MULTISTAGE_PARALLEL})
  void imageConfigIsBuildKits(String sample) throws IOException {
    Path expected = LlbSamples.dir(sample).resolve("image.json");
    ObjectMapper json = new ObjectMapper();

    assertEquals(json.readTree(expected.toFile()), json.readTree(convert(sample).imageConfig()));
  }
}
