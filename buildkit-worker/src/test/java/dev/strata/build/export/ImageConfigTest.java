package dev.strata.build.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.InvalidImageException;
import dev.strata.build.image.MediaTypes;
import dev.strata.build.image.Platform;
import dev.strata.build.layer.LayerBlob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
    private static final Instant BUILT = Instant.parse("2026-11-28T05:00:00.5Z");
    private static final Instant EPOCH = Instant.ofEpochSecond(1_700_000_000L);

    private static ExportedLayer layer(String content) {
        Digest diffId = Digest.of(content.getBytes(StandardCharsets.UTF_8));
        Digest blob = Digest.of((content + ".gz").getBytes(StandardCharsets.UTF_8));
        return new ExportedLayer(new LayerBlob(Descriptor.of(MediaTypes.OCI_LAYER_GZIP, blob, 10), diffId),
                "created by strata-build", BUILT);
    }

    private static String json(byte[] config) {
        return new String(config, StandardCharsets.UTF_8);
    }

    @Test
    void rawSolveGetsBuildKitsMinimalConfigWithSortedKeys() {
        ExportedLayer only = layer("a");

        String config = json(ImageConfig.minimal(Platform.LINUX_AMD64).complete(List.of(only), Optional.empty()));

        assertEquals("{\"architecture\":\"amd64\","
                + "\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\"],\"WorkingDir\":\"/\"},"
                + "\"created\":\"2026-11-28T05:00:00.5Z\","
                + "\"history\":[{\"created\":\"2026-11-28T05:00:00.5Z\",\"created_by\":\"created by strata-build\","
                + "\"comment\":\"buildkit.exporter.image.v0\"}],"
                + "\"os\":\"linux\","
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + only.blob().diffId() + "\"]}}", config);
    }

    @Test
    void frontendHistoryDescribesItsLayersAndEpochClampsEveryTime() {
        String base = "{\"os\":\"linux\",\"architecture\":\"amd64\",\"created\":\"2030-01-01T00:00:00Z\","
                + "\"config\":{\"Cmd\":[\"/bin/sh\"],\"User\":\"app\"},"
                + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs\"},"
                + "{\"created\":\"2030-01-01T00:00:00Z\",\"created_by\":\"ENV A=1\",\"empty_layer\":true}]}";

        String config = json(ImageConfig.fromJson(base.getBytes(StandardCharsets.UTF_8))
                .complete(List.of(layer("a"), layer("b")), Optional.of(EPOCH)));

        assertEquals("{\"architecture\":\"amd64\",\"config\":{\"Cmd\":[\"/bin/sh\"],\"User\":\"app\"},"
                + "\"created\":\"2023-11-14T22:13:20Z\","
                + "\"history\":[{\"created\":\"2020-01-01T00:00:00Z\",\"created_by\":\"ADD rootfs\"},"
                + "{\"created\":\"2023-11-14T22:13:20Z\",\"created_by\":\"ENV A=1\",\"empty_layer\":true},"
                + "{\"created\":\"2023-11-14T22:13:20Z\",\"created_by\":\"created by strata-build\",\"comment\":\"buildkit.exporter.image.v0\"}],"
                + "\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer("a").blob().diffId() + "\",\""
                + layer("b").blob().diffId() + "\"]}}", config);
    }

    @Test
    void historyClaimingMoreLayersThanTheImageHasIsMarkedEmptyAndUntimedEntriesTakeTheirLayersTime() {
        String base = "{\"history\":[{\"created_by\":\"one\"},{\"empty_layer\":false,\"created_by\":\"two\"}]}";

        String config = json(ImageConfig.fromJson(base.getBytes(StandardCharsets.UTF_8))
                .complete(List.of(layer("a")), Optional.empty()));

        assertEquals("{\"created\":\"2026-11-28T05:00:00.5Z\",\"history\":[{\"created\":\"2026-11-28T05:00:00.5Z\",\"created_by\":\"one\"},"
                + "{\"created_by\":\"two\",\"empty_layer\":true}],"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + layer("a").blob().diffId() + "\"]}}", config);
    }

    @Test
    void timesWithAnOffsetAreReadAndClamped() {
        String base = "{\"created\":\"2030-01-01T02:00:00+02:00\"}";

        String config = json(ImageConfig.fromJson(base.getBytes(StandardCharsets.UTF_8)).complete(List.of(), Optional.of(EPOCH)));

        assertEquals("{\"created\":\"2023-11-14T22:13:20Z\",\"history\":[],\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[]}}", config);
    }

    @Test
    void badTimeInTheBaseConfigIsAnInvalidImage() {
        ImageConfig config = ImageConfig.fromJson("{\"created\":\"yesterday\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidImageException.class, () -> config.complete(List.of(), Optional.of(EPOCH)));
    }

    @Test
    void configThatIsNotAnObjectIsRejected() {
        assertThrows(InvalidImageException.class, () -> ImageConfig.fromJson("[1]".getBytes(StandardCharsets.UTF_8)));
        assertThrows(InvalidImageException.class, () -> ImageConfig.fromJson("{".getBytes(StandardCharsets.UTF_8)));
    }
}
