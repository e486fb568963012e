package dev.strata.build.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String DIGEST = "sha256:" + "a".repeat(64);

    @Test
    void shortNamesNormalizeAsDockerDoes() {
        assertEquals("docker.io/library/busybox:latest", ImageReference.parse("busybox").toString());
        assertEquals("docker.io/strata/saved:2", ImageReference.parse("strata/saved:2").toString());
        assertEquals("docker.io/library/busybox@" + DIGEST, ImageReference.parse("busybox@" + DIGEST).toString());
    }

    @Test
    void hostWithPortIsKeptAndPinnedDigestWins() {
        ImageReference reference = ImageReference.parse("127.0.0.1:5000/library/busybox:test@" + DIGEST);
        assertEquals("127.0.0.1:5000", reference.host());
        assertEquals("library/busybox", reference.path());
        assertEquals(Optional.of("test"), reference.tag());
        assertEquals(DIGEST, reference.manifestReference());
        assertEquals("test", ImageReference.parse("localhost/x:test").manifestReference());
    }

    @Test
    void rejectsMalformedReferences() {
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("Upper/case"));
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("busybox:"));
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse("busybox@sha256:short"));
    }
}
