package dev.strata.build.export;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.layer.Compression;
import dev.strata.build.layer.DiffOptions;
import dev.strata.build.layer.ImageUnpacker;
import dev.strata.build.layer.LayerBlob;
import dev.strata.build.layer.LayerRecompressor;
import dev.strata.build.layer.SnapshotDiffer;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The layer blob of a committed snapshot, written once and then remembered in a label on the
 * snapshot ({@code strata.build/layer.<compression>[.epoch-<seconds>]} = "{@code <blob> <diff ID>}"),
 * so a re-export of a cached build does not diff again. A snapshot unpacked from an image reuses
 * that image's blob (or a recompression of it, with the same diff ID), whatever the SOURCE_DATE_EPOCH.
 * The compression level is not part of the label: a blob of another level is reused, as BuildKit does.
 */
final class SnapshotLayers {
    static final String LABEL_PREFIX = "strata.build/layer.";

    private final Snapshotter snapshots;
    private final ContentStore content;
    private final SnapshotDiffer differ;
    private final LayerRecompressor recompressor;

    SnapshotLayers(Snapshotter snapshots, ContentStore content, SnapshotDiffer differ) {
        this.snapshots = snapshots;
        this.content = content;
        this.differ = differ;
        this.recompressor = new LayerRecompressor(content);
    }

    LayerBlob layer(Info snapshot, DiffOptions options) {
        Optional<Digest> imageBlob = Optional.ofNullable(snapshot.labels().get(ImageUnpacker.LAYER_BLOB_LABEL))
                .map(Digest::parse).filter(content::contains);
        String label = label(options, imageBlob.isPresent());
        Optional<LayerBlob> recorded = recorded(snapshot.labels().get(label), options.compression());
        if (recorded.isPresent()) {
            return recorded.get();
        }
        LayerBlob written;
        try {
            written = imageBlob.isPresent()
                    ? fromImage(imageBlob.get(), Digest.parse(snapshot.labels().get(ImageUnpacker.UNCOMPRESSED_LABEL)), options)
                    : differ.diff(snapshot.name(), options);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write layer of snapshot " + snapshot.name() + ": " + e.getMessage(), e);
        }
        record(snapshot, label, written);
        return written;
    }

    private LayerBlob fromImage(Digest blob, Digest diffId, DiffOptions options) throws IOException {
        Compression compression;
        try (InputStream in = content.open(blob)) {
            compression = Compression.detect(in);
        }
        if (compression == options.compression()) {
            return new LayerBlob(Descriptor.of(compression.mediaType(), blob, content.size(blob)), diffId);
        }
        return recompressor.recompress(blob, diffId, options);
    }

    private static String label(DiffOptions options, boolean fromImage) {
        String label = LABEL_PREFIX + options.compression().name().toLowerCase(Locale.ROOT);
        if (fromImage || options.sourceDateEpoch().isEmpty()) {
            return label;
        }
        return label + ".epoch-" + options.sourceDateEpoch().get().getEpochSecond();
    }

    private Optional<LayerBlob> recorded(String value, Compression compression) {
        if (value == null) {
            return Optional.empty();
        }
        String[] parts = value.split(" ");
        if (parts.length != 2) {
            return Optional.empty();
        }
        Digest blob = Digest.parse(parts[0]);
        if (!content.contains(blob)) {
            return Optional.empty();
        }
        return Optional.of(new LayerBlob(Descriptor.of(compression.mediaType(), blob, content.size(blob)),
                Digest.parse(parts[1])));
    }

    private void record(Info snapshot, String label, LayerBlob layer) {
        Map<String, String> labels = new HashMap<>(snapshot.labels());
        labels.put(label, layer.descriptor().digest() + " " + layer.diffId());
        snapshots.update(new Info(snapshot.name(), snapshot.parent(), snapshot.kind(), labels, snapshot.created(),
                snapshot.updated()), List.of("labels." + label));
    }
}
