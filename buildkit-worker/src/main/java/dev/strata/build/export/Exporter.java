package dev.strata.build.export;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.Platform;
import dev.strata.build.layer.LayerDiffer;
import dev.strata.build.layer.SnapshotDiffer;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Exports a build result as an {@link OutputSpec} says: an OCI or docker archive (to a file or
 * stdout), a directory tree, or an image in the worker's image index, pushed on request. Image
 * outputs write their layers, config and manifest into the content store first.
 */
public final class Exporter {
    private final ImageWriter imageWriter;
    private final ImageArchiveWriter archiveWriter;
    private final LocalExporter localExporter;
    private final ImageStoreExporter imageStoreExporter;
    private final OutputStream stdout;

    private Exporter(Builder builder) {
        SnapshotDiffer differ = new SnapshotDiffer(builder.snapshots, new LayerDiffer(builder.content));
        this.imageWriter = new ImageWriter(builder.snapshots, builder.content,
                new SnapshotLayers(builder.snapshots, builder.content, differ));
        this.archiveWriter = new ImageArchiveWriter(builder.content);
        this.localExporter = new LocalExporter(builder.snapshots, builder.mounter, builder.mountRoot);
        this.imageStoreExporter = new ImageStoreExporter(builder.content, builder.images, builder.platform,
                builder.insecureHosts);
        this.stdout = builder.stdout;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Exports {@code result}; {@code config} is the frontend's image config, or
     * {@link ImageConfig#minimal} for raw LLB (unused by {@code type=local}).
     */
    public ExportResult export(CommittedSnapshot result, ImageConfig config, OutputSpec output) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(output, "output");
        try {
            if (output.type() == ExportType.LOCAL) {
                localExporter.export(result, Path.of(output.destination().orElseThrow()));
                return new ExportResult(Optional.empty(), List.of());
            }
            ExportedImage image = imageWriter.write(result, config, output);
            if (output.type() == ExportType.IMAGE) {
                imageStoreExporter.export(image, output.names(), output.push(), output.insecureRegistry());
            } else {
                writeArchive(image, output);
            }
            return new ExportResult(Optional.of(image), output.names());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to export " + describe(result) + " as type=" + output.type().typeName()
                    + output.destination().map(d -> " to " + d).orElse("") + ": " + e.getMessage(), e);
        }
    }

    private void writeArchive(ExportedImage image, OutputSpec output) throws IOException {
        boolean docker = output.type() == ExportType.DOCKER;
        if (output.writesToStdout()) {
            archiveWriter.write(image, output.names(), docker, stdout);
            stdout.flush();
            return;
        }
        Path destination = Path.of(output.destination().orElseThrow()).toAbsolutePath();
        Path temporary = Files.createTempFile(destination.getParent(), "." + destination.getFileName(), ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(temporary)) {
                archiveWriter.write(image, output.names(), docker, out);
            }
            Files.move(temporary, destination, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private static String describe(CommittedSnapshot result) {
        return result.isScratch() ? "scratch" : "snapshot " + result.name();
    }

    /** What an exporter works with; {@link #build} names every missing part at once. */
    public static final class Builder {
        private Snapshotter snapshots;
        private ContentStore content;
        private ImageIndex images;
        private Mounter mounter;
        private Path mountRoot;
        private Platform platform = Platform.host();
        private Set<String> insecureHosts = Set.of();
        private OutputStream stdout = System.out;

        private Builder() {
        }

        public Builder snapshotter(Snapshotter snapshots) {
            this.snapshots = snapshots;
            return this;
        }

        /** Where layers, configs and manifests are written. */
        public Builder contentStore(ContentStore content) {
            this.content = content;
            return this;
        }

        /** Where {@code type=image} names its result. */
        public Builder imageIndex(ImageIndex images) {
            this.images = images;
            return this;
        }

        /** Mounts the result for {@code type=local}. */
        public Builder mounter(Mounter mounter) {
            this.mounter = mounter;
            return this;
        }

        /** A directory of the worker's for mount points. */
        public Builder mountRoot(Path mountRoot) {
            this.mountRoot = mountRoot;
            return this;
        }

        /** The platform whose manifest a pushed image resolves to; the host's unless set. */
        public Builder platform(Platform platform) {
            this.platform = Objects.requireNonNull(platform, "platform");
            return this;
        }

        /** Registry hosts (host:port) reached over plain HTTP, as the worker is configured. */
        public Builder insecureRegistries(Set<String> hosts) {
            this.insecureHosts = Set.copyOf(hosts);
            return this;
        }

        /** Where {@code dest=-} archives go; System.out unless set. */
        public Builder stdout(OutputStream stdout) {
            this.stdout = Objects.requireNonNull(stdout, "stdout");
            return this;
        }

        public Exporter build() {
            List<String> missing = new ArrayList<>();
            if (snapshots == null) {
                missing.add("snapshotter");
            }
            if (content == null) {
                missing.add("contentStore");
            }
            if (images == null) {
                missing.add("imageIndex");
            }
            if (mounter == null) {
                missing.add("mounter");
            }
            if (mountRoot == null) {
                missing.add("mountRoot");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("failed to build exporter: missing " + String.join(", ", missing));
            }
            return new Exporter(this);
        }
    }
}
