package dev.strata.build.export;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.ImagePusher;
import dev.strata.build.image.ImageReference;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.Platform;
import dev.strata.build.image.RegistryClient;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code type=image}: names the written image in the worker's image index and, with
 * {@code push=true}, pushes it under each name. Plain HTTP is used for the configured insecure
 * hosts, and for the names' own hosts when the output says {@code registry.insecure=true}.
 */
final class ImageStoreExporter {
    private final ContentStore content;
    private final ImageIndex images;
    private final Platform platform;
    private final Set<String> insecureHosts;

    ImageStoreExporter(ContentStore content, ImageIndex images, Platform platform, Set<String> insecureHosts) {
        this.content = content;
        this.images = images;
        this.platform = platform;
        this.insecureHosts = Set.copyOf(insecureHosts);
    }

    void export(ExportedImage image, List<ImageReference> names, boolean push, boolean insecureRegistry) {
        names.forEach(name -> images.put(name.toString(), image.manifest()));
        if (!push) {
            return;
        }
        Set<String> plainHttp = new HashSet<>(insecureHosts);
        if (insecureRegistry) {
            names.forEach(name -> plainHttp.add(name.host()));
        }
        ImagePusher pusher = new ImagePusher(RegistryClient.create(plainHttp), content, new ImageResolver(content, platform));
        names.forEach(name -> pusher.push(image.manifest(), name));
    }
}
