package dev.strata.build.frontend.dockerfile;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.llb.pb.Op;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A conversion under test: its graph and image config, with lookups by step name and op kind. */
record Converted(LlbDefinition definition, JsonNode image, List<String> resolved) {
  static final String ONBUILD_REF = "docker.io/library/onbuild:latest";
  private static final String ONBUILD_CONFIG = "{\"architecture\":\"amd64\",\"os\":\"linux\","
      + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:df21d52f24e07a0e88cab781fc38f32953b815a168accaf1a8f47e0124128950\"]},"
      + "\"config\":{\"Env\":[\"PATH=/bin\"],\"OnBuild\":[\"RUN echo triggered\",\"ENV FROM_TRIGGER=1\"]}}";

  static Converted of(String dockerfile) throws IOException {
    return of(ConvertRequest.builder(dockerfile));
  }

  static Converted of(ConvertRequest.Builder request) throws IOException {
    List<String> resolved = new ArrayList<>();
    SampleBase busybox = new SampleBase();
    BaseImageResolver resolver = (ref, platform) -> {
      resolved.add(ref);
      if (ref.equals(ONBUILD_REF)) {
        return new ResolvedBase("sha256:" + "1".repeat(64), ONBUILD_CONFIG.getBytes(StandardCharsets.UTF_8));
      }
      if (ref.equals(SampleBase.REF)) {
        return busybox.resolve(ref, platform);
      }
      throw new NoSuchFileException(ref);
    };
    Conversion conversion = new DockerfileFrontend(resolver).convert(request.build());
    return new Converted(LlbDefinition.parse(conversion.definition()), new ObjectMapper().readTree(conversion.imageConfig()),
        resolved);
  }

  JsonNode config() {
    return image.get("config");
  }

  Vertex named(String name) {
    return definition.vertices().stream().filter(v -> v.customName().orElse("").equals(name)).findFirst()
        .orElseGet(() -> fail("no op named " + name + " in " + names()));
  }

  List<String> names() {
    return definition.vertices().stream().map(v -> v.customName().orElse("")).toList();
  }

  List<Vertex> ops(Op.OpCase kind) {
    return definition.vertices().stream().filter(v -> v.op().getOpCase() == kind).toList();
  }

  Vertex source(String identifierPrefix) {
    return ops(Op.OpCase.SOURCE).stream()
        .filter(v -> v.op().getSource().getIdentifier().startsWith(identifierPrefix)).findFirst()
        .orElseGet(() -> fail("no source " + identifierPrefix));
  }

  Map<String, String> attrs(String identifierPrefix) {
    return source(identifierPrefix).op().getSource().getAttrsMap();
  }

  static OciPlatform arm64() {
    return new OciPlatform("linux", "arm64", "");
  }
}
