package dev.strata.build.export;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.OciJson;
import dev.strata.build.image.OciManifest;
import dev.strata.build.layer.LayerBlob;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Snapshotter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a result as an image into the content store: one layer per snapshot of its parent chain,
 * the completed config, and the manifest, with the media types the output asks for.
 */
final class ImageWriter {
    /** What the history says of a layer whose op left no description. */
    static final String LAYER_DESCRIPTION = "created by strata-build";

    private final Snapshotter snapshots;
    private final ContentStore content;
    private final SnapshotLayers layers;

    ImageWriter(Snapshotter snapshots, ContentStore content, SnapshotLayers layers) {
        this.snapshots = snapshots;
        this.content = content;
        this.layers = layers;
    }

    ExportedImage write(CommittedSnapshot result, ImageConfig config, OutputSpec output) {
        ImageMediaTypes mediaTypes = ImageMediaTypes.of(output.ociMediaTypes());
        List<ExportedLayer> exported = new ArrayList<>();
        List<Descriptor> layerDescriptors = new ArrayList<>();
        for (Info snapshot : SnapshotChain.of(snapshots, result)) {
            LayerBlob blob = layers.layer(snapshot, output.diffOptions());
            exported.add(new ExportedLayer(blob, LAYER_DESCRIPTION, snapshot.created()));
            Descriptor descriptor = blob.descriptor();
            layerDescriptors.add(Descriptor.of(mediaTypes.layer(output.diffOptions().compression()),
                    descriptor.digest(), descriptor.size()));
        }
        byte[] configJson = config.complete(exported, output.sourceDateEpoch());
        Descriptor configDescriptor = Descriptor.of(mediaTypes.config(), content.write(configJson), configJson.length);
        byte[] manifestJson = OciJson.write(new OciManifest(2, mediaTypes.manifest(), configDescriptor, layerDescriptors, Map.of()));
        Descriptor manifest = Descriptor.of(mediaTypes.manifest(), content.write(manifestJson), manifestJson.length);
        return new ExportedImage(manifest, configDescriptor, layerDescriptors);
    }
}
