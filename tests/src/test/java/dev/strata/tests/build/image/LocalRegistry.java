package dev.strata.tests.build.image;

import dev.strata.tests.support.SampleRegistry;
import java.io.IOException;
import java.nio.file.Path;

/** The sample registry (library/busybox:test) on a free port, for the image and export tests. Stopped on close. */
public final class LocalRegistry implements AutoCloseable {
    private final SampleRegistry registry;

    private LocalRegistry(SampleRegistry registry) {
        this.registry = registry;
    }

    /** Starts the registry with its storage, config and log in {@code directory}. */
    public static LocalRegistry start(Path directory) throws IOException {
        return new LocalRegistry(SampleRegistry.onFreePort(directory));
    }

    /** host:port, the registry part of image references. */
    public String host() {
        return registry.host();
    }

    @Override
    public void close() {
        registry.close();
    }
}
