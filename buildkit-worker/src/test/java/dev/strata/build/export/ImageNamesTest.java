package dev.strata.build.export;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.image.ImageReference;
import org.junit.jupiter.api.Test;

class ImageNamesTest {
    @Test
    void dockerHubNamesBecomeFamiliarAsDockerShowsThem() {
        assertEquals("busybox:1", ImageNames.familiar(ImageReference.parse("docker.io/library/busybox:1")));
        assertEquals("strata/app:2", ImageNames.familiar(ImageReference.parse("strata/app:2")));
        assertEquals("127.0.0.1:5000/strata/app:3", ImageNames.familiar(ImageReference.parse("127.0.0.1:5000/strata/app:3")));
        assertEquals("busybox", ImageNames.familiarRepository(ImageReference.parse("busybox")));
    }
}
