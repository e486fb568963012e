package dev.strata.build.image;

/**
 * Pushes one platform's image from the content store to a registry: config and layers (skipping
 * those the repository has), then the manifest by digest and, when the reference has one, by tag.
 */
public final class ImagePusher {
    private final RegistryClient registry;
    private final ContentStore content;
    private final ImageResolver resolver;

    public ImagePusher(RegistryClient registry, ContentStore content, ImageResolver resolver) {
        this.registry = registry;
        this.content = content;
        this.resolver = resolver;
    }

    /** Returns the descriptor of the pushed manifest. */
    public Descriptor push(Descriptor image, ImageReference destination) {
        ResolvedImage resolved = resolver.resolve(image);
        registry.pushBlob(destination, resolved.manifest().config().digest(), content);
        for (Descriptor layer : resolved.manifest().layers()) {
            registry.pushBlob(destination, layer.digest(), content);
        }
        Descriptor manifest = resolved.manifestDescriptor();
        byte[] bytes = content.read(manifest.digest());
        registry.pushManifest(destination, manifest.digest().toString(), bytes, manifest.mediaType());
        destination.tag().ifPresent(tag -> registry.pushManifest(destination, tag, bytes, manifest.mediaType()));
        return Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.size());
    }
}
