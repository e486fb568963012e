package dev.strata.build.frontend.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dockerfiles that must fail at conversion, before any step could run, naming the line at fault. */
class BadDockerfileTest {
  private static final String FROM = "FROM 127.0.0.1:5000/library/busybox:test";

  private static DockerfileException failure(ConvertRequest.Builder request) {
    return assertThrows(DockerfileException.class, () -> Converted.of(request));
  }

  private static DockerfileException failure(String dockerfile) {
    return failure(ConvertRequest.builder(dockerfile).fileName("app/Dockerfile"));
  }

  @Test
  void unknownInstruction() {
    DockerfileException e = failure(FROM + "\nRUN a\nFETCH x\n");

    assertEquals(3, e.line());
    assertEquals("app/Dockerfile", e.file());
  }

  @Test
  void missingTargetStage() {
    DockerfileException e = failure(ConvertRequest.builder(FROM + " AS a\n").target("b"));

    assertEquals(0, e.line());
  }

  @Test
  void fromAStageIndexThatDoesNotExist() {
    assertEquals(3, failure(FROM + "\n\nCOPY --from=2 /a /a\n").line());
  }

  @Test
  void fromANameThatIsNeitherStageNorImage() {
    assertEquals(2, failure(FROM + "\nCOPY --from=nosuchstage /a /a\n").line());
  }

  @Test
  void baseImageThatCannotBeResolved() {
    assertEquals(2, failure("ARG X\nFROM nosuchimage:1\n").line());
  }

  @Test
  void copySourceOutsideTheContext() {
    assertEquals(2, failure(FROM + "\nCOPY ../secret /s\n").line());
    assertEquals(2, failure(FROM + "\nADD a/../../secret /s\n").line());
  }

  @Test
  void cycleBetweenStages() {
    DockerfileException e = failure(FROM + " AS a\nCOPY --from=b /x /x\n" + FROM + " AS b\nCOPY --from=a /y /y\n");

    assertTrue(List.of(1, 3).contains(e.line()));
  }

  @Test
  void instructionsBeforeTheFirstFrom() {
    assertEquals(1, failure("RUN x\n" + FROM + "\n").line());
  }

  @Test
  void badFlagsAndArguments() {
    List<Integer> lines = new ArrayList<>();
    for (String bad : List.of("COPY --frm=a /a /b", "COPY onlyone", "RUN --network=bridge x",
        "RUN --mount=type=nfs,target=/x x", "SHELL /bin/sh -c", "HEALTHCHECK --interval=1ns CMD x",
        "STOPSIGNAL SIGNOPE", "EXPOSE 80-70", "ONBUILD FROM x", "ENV A")) {
      lines.add(failure(FROM + "\n" + bad + "\n").line());
    }
    assertEquals(List.of(2, 2, 2, 2, 2, 2, 2, 2, 2, 2), lines);
  }

  @Test
  void nothingIsResolvedWhenTheDockerfileIsBad() {
    List<String> resolved = new ArrayList<>();
    BaseImageResolver recording = (ref, platform) -> {
      resolved.add(ref);
      return new SampleBase().resolve(ref, platform);
    };
    assertThrows(DockerfileException.class, () -> new DockerfileFrontend(recording)
        .convert(ConvertRequest.builder(FROM + "\nBOGUS\n").build()));
    assertEquals(List.of(), resolved);
  }
}
