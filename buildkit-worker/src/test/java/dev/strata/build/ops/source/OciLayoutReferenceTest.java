package dev.strata.build.ops.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.image.Digest;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OciLayoutReferenceTest {
  private static final String DIGEST = "sha256:" + "d".repeat(64);

  @Test
  void storeComesFromTheAttributeElseTheNamesFirstComponent() {
    assertEquals(new OciLayoutReference("mystore", Digest.parse(DIGEST)),
        OciLayoutReference.parse("oci-layout://mystore@" + DIGEST, Map.of()));
    assertEquals(new OciLayoutReference("mystore", Digest.parse(DIGEST)),
        OciLayoutReference.parse("oci-layout://mystore/app:1@" + DIGEST, Map.of()));
    assertEquals(new OciLayoutReference("ctx", Digest.parse(DIGEST)),
        OciLayoutReference.parse("oci-layout://docker.io/library/ctx@" + DIGEST, Map.of(OciLayoutReference.STORE, "ctx")));
  }

  @Test
  void digestIsRequired() {
    assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("oci-layout://mystore:1", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("oci-layout://mystore@sha256:12", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> OciLayoutReference.parse("docker-image://mystore@" + DIGEST, Map.of()));
  }
}
