package dev.strata.build.image;

/** Reads an image from the content store: follows an index to the manifest for a platform, then reads the config. */
public final class ImageResolver {
    private final ContentStore content;
    private final Platform platform;

    public ImageResolver(ContentStore content, Platform platform) {
        this.content = content;
        this.platform = platform;
    }

    public ResolvedImage resolve(Descriptor target) {
        Descriptor manifestDescriptor = target;
        if (MediaTypes.isIndex(target.mediaType())) {
            OciIndex index = OciJson.read(content.read(target.digest()), OciIndex.class);
            manifestDescriptor = index.select(platform).orElseThrow(() -> new InvalidImageException(
                    "failed to resolve image " + target.digest() + ": no manifest for " + platform));
        }
        if (!MediaTypes.isManifest(manifestDescriptor.mediaType())) {
            throw new InvalidImageException("failed to resolve image " + manifestDescriptor.digest()
                    + ": unsupported media type " + manifestDescriptor.mediaType());
        }
        OciManifest manifest = OciJson.read(content.read(manifestDescriptor.digest()), OciManifest.class);
        OciImageConfig config = OciJson.read(content.read(manifest.config().digest()), OciImageConfig.class);
        return new ResolvedImage(manifestDescriptor, manifest, config);
    }
}
