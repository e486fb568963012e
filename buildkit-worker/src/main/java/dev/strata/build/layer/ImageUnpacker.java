package dev.strata.build.layer;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.InvalidImageException;
import dev.strata.build.image.ResolvedImage;
import dev.strata.snapshots.AlreadyExistsException;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Unpacks an image's layers onto committed snapshots named by chain ID (containerd's scheme),
 * reusing any already committed: per layer prepare, apply, check the diff ID, commit.
 */
public final class ImageUnpacker {
    /** The label containerd's unpacker puts on each layer snapshot. */
    public static final String UNCOMPRESSED_LABEL = "containerd.io/uncompressed";
    /** The digest of the layer blob a snapshot was unpacked from, so that an export can reuse the blob. */
    public static final String LAYER_BLOB_LABEL = "strata.build/layer-blob";

    private final ContentStore content;
    private final Snapshotter snapshots;
    private final LayerApplier applier = new LayerApplier();

    public ImageUnpacker(ContentStore content, Snapshotter snapshots) {
        this.content = content;
        this.snapshots = snapshots;
    }

    /** Returns the top layer's chain ID: the committed snapshot to prepare a container or build step on. */
    public Digest unpack(ResolvedImage image) {
        List<Descriptor> layers = image.manifest().layers();
        List<Digest> diffIds = image.config().diffIds();
        if (layers.isEmpty()) {
            throw new InvalidImageException("failed to unpack image " + image.manifestDescriptor().digest() + ": no layers");
        }
        Digest parent = null;
        for (int i = 0; i < layers.size(); i++) {
            Digest chainId = ChainIds.next(parent, diffIds.get(i));
            if (!isCommitted(chainId)) {
                unpackLayer(layers.get(i), diffIds.get(i), chainId, parent);
            }
            parent = chainId;
        }
        return parent;
    }

    private boolean isCommitted(Digest chainId) {
        try {
            snapshots.stat(chainId.toString());
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private void unpackLayer(Descriptor layer, Digest diffId, Digest chainId, Digest parent) {
        String key = "extract-" + UUID.randomUUID() + " " + chainId;
        SnapshotDirectories target = SnapshotDirectories.ofActive(
                snapshots.prepare(key, parent == null ? "" : parent.toString(), Map.of()));
        boolean committed = false;
        try (InputStream blob = content.open(layer.digest())) {
            Digest applied = applier.apply(target, blob);
            if (!applied.equals(diffId)) {
                throw new InvalidImageException("failed to unpack layer " + layer.digest() + ": diff ID is "
                        + applied + ", config says " + diffId);
            }
            snapshots.commit(chainId.toString(), key,
                    Map.of(UNCOMPRESSED_LABEL, diffId.toString(), LAYER_BLOB_LABEL, layer.digest().toString()));
            committed = true;
        } catch (AlreadyExistsException e) {
            // Another unpack committed the same chain first: its snapshot is as good as ours.
        } catch (IOException e) {
            throw new UncheckedIOException("failed to unpack layer " + layer.digest() + ": " + e.getMessage(), e);
        } finally {
            if (!committed) {
                snapshots.remove(key);
            }
        }
    }
}
