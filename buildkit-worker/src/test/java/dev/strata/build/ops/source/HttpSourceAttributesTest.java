package dev.strata.build.ops.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.image.Digest;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpSourceAttributesTest {
  private static final String DIGEST = "sha256:" + "c".repeat(64);

  @Test
  void defaultsAreBuildKits() {
    HttpSourceAttributes attributes = HttpSourceAttributes.parse(Map.of());
    assertEquals(Optional.empty(), attributes.checksum());
    assertEquals(0600, attributes.perm());
    assertEquals(0, attributes.uid());
    assertEquals(0, attributes.gid());
    assertEquals("file.tar.gz", attributes.filenameFor("/dl/file.tar.gz"));
    assertEquals("index", attributes.filenameFor("/dl/"));
    assertEquals("index", attributes.filenameFor(null));
  }

  @Test
  void integersReadAsGoReadsThem() {
    assertEquals(0755, HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.PERM, "0755")).perm());
    assertEquals(0644, HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.PERM, "420")).perm());
    assertEquals(0644, HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.PERM, "0x1a4")).perm());
    assertEquals(0700, HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.PERM, "0o700")).perm());
    HttpSourceAttributes owned = HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.UID, "1000", HttpSourceAttributes.GID, "0"));
    assertEquals(1000, owned.uid());
    assertEquals(0, owned.gid());
    assertThrows(IllegalArgumentException.class, () -> HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.PERM, "rwx")));
    assertThrows(IllegalArgumentException.class, () -> HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.PERM, "0x-5")));
    assertThrows(IllegalArgumentException.class, () -> HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.UID, "99999999999")));
  }

  @Test
  void checksumAndFilenameAreValidated() {
    HttpSourceAttributes pinned = HttpSourceAttributes.parse(
        Map.of(HttpSourceAttributes.CHECKSUM, DIGEST, HttpSourceAttributes.FILENAME, "renamed"));
    assertEquals(Optional.of(Digest.parse(DIGEST)), pinned.checksum());
    assertEquals("renamed", pinned.filenameFor("/dl/file"));
    assertThrows(IllegalArgumentException.class, () -> HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.CHECKSUM, "md5:abc")));
    assertThrows(IllegalArgumentException.class, () -> HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.FILENAME, "../x")));
    assertThrows(IllegalArgumentException.class, () -> HttpSourceAttributes.parse(Map.of(HttpSourceAttributes.FILENAME, "..")));
  }
}
