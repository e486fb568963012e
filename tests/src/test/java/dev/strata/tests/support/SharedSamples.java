package dev.strata.tests.support;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared LLB samples (BuildKit's own definitions, results and registry data) kept in
 * {@code shared/llb-samples} beside the repository root, or beside a directory above it when the
 * repository is a worktree in a subdirectory.
 */
public final class SharedSamples {
    private static final Path SAMPLES = Path.of("shared", "llb-samples");

    private SharedSamples() {
    }

    /** The llb-samples directory; fails naming the places searched when it is missing. */
    public static Path directory() {
        for (Path above = Modules.repositoryRoot().getParent(); above != null; above = above.getParent()) {
            if (Files.isDirectory(above.resolve(SAMPLES))) {
                return above.resolve(SAMPLES);
            }
        }
        throw new IllegalStateException("failed to find the LLB samples: no " + SAMPLES + " beside "
                + Modules.repositoryRoot() + " or a directory above it");
    }

    /** One sample's folder (Dockerfile, def.pb, truth.txt), or the registry data ({@code registry-data}). */
    public static Path resolve(String name) {
        Path path = directory().resolve(name);
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException("failed to find LLB sample " + name + ": no " + path);
        }
        return path;
    }
}
