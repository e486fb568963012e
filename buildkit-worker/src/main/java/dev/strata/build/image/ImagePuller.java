package dev.strata.build.image;

import java.io.ByteArrayInputStream;
import java.util.List;

/**
 * Pulls an image by tag or digest into the content store and names it in the image index: the
 * manifest (or index, then this platform's manifest), the config and the layers, each verified by
 * digest; blobs already present are not fetched again. A build pulls in two steps: {@link
 * #pullMetadata} while planning, {@link #pullLayers} only when the image must be unpacked.
 */
public final class ImagePuller {
    private final RegistryClient registry;
    private final ContentStore content;
    private final ImageIndex images;
    private final Platform platform;

    public ImagePuller(RegistryClient registry, ContentStore content, ImageIndex images, Platform platform) {
        this.registry = registry;
        this.content = content;
        this.images = images;
        this.platform = platform;
    }

    public NamedImage pull(ImageReference reference) {
        Descriptor top = pullMetadata(reference);
        return pullLayers(reference, top);
    }

    /**
     * Fetches the manifest (through an index, this platform's) and the config, but no layer, and names
     * nothing: the image is not complete yet.
     *
     * @return the manifest or index that {@code reference} names
     */
    public Descriptor pullMetadata(ImageReference reference) {
        Descriptor top = fetchManifest(reference, reference.manifestReference(), reference.digest().orElse(null));
        Descriptor manifestDescriptor = top;
        if (MediaTypes.isIndex(top.mediaType())) {
            OciIndex index = OciJson.read(content.read(top.digest()), OciIndex.class);
            Descriptor selected = index.select(platform).orElseThrow(() -> new InvalidImageException(
                    "failed to pull " + reference + ": no manifest for " + platform));
            manifestDescriptor = fetchManifest(reference, selected.digest().toString(), selected.digest());
        }
        if (!MediaTypes.isManifest(manifestDescriptor.mediaType())) {
            throw new InvalidImageException("failed to pull " + reference + ": unsupported manifest type "
                    + manifestDescriptor.mediaType());
        }
        OciManifest manifest = OciJson.read(content.read(manifestDescriptor.digest()), OciManifest.class);
        fetchMissing(reference, List.of(manifest.config()));
        return top;
    }

    /**
     * Fetches the layers of {@code top}'s manifest for this platform that the content store lacks (none
     * at all when it has them: no registry is contacted), then names the image {@code reference}.
     */
    public NamedImage pullLayers(ImageReference reference, Descriptor top) {
        fetchMissing(reference, new ImageResolver(content, platform).resolve(top).manifest().layers());
        NamedImage named = new NamedImage(reference.toString(), top);
        images.put(named.name(), named.target());
        return named;
    }

    private void fetchMissing(ImageReference reference, List<Descriptor> blobs) {
        for (Descriptor blob : blobs) {
            if (!content.contains(blob.digest())) {
                registry.blob(reference, blob.digest(), content);
            }
        }
    }

    private Descriptor fetchManifest(ImageReference reference, String tagOrDigest, Digest expected) {
        RegistryClient.FetchedManifest fetched = registry.manifest(reference, tagOrDigest);
        Digest digest = content.write(new ByteArrayInputStream(fetched.content()), expected);
        return Descriptor.of(fetched.mediaType(), digest, fetched.content().length);
    }
}
