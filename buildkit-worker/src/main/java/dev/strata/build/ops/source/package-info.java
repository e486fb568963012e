/**
 * LLB source ops that bring content from outside the build: {@code docker-image://} ({@link
 * dev.strata.build.ops.source.ImageSources}), {@code oci-layout://} ({@link
 * dev.strata.build.ops.source.OciLayoutSources}) and {@code http(s)://} ({@link
 * dev.strata.build.ops.source.HttpSources}). Each factory resolves what a source names when the op is
 * created, at planning time, so that the op's cache key is a pure function of content digests.
 *
 * <p>Ownership of image snapshots: an image source returns the top chain-ID snapshot of the unpacked
 * image itself (named {@code sha256:...}, labelled {@code containerd.io/uncompressed} by {@link
 * dev.strata.build.layer.ImageUnpacker}), not a copy, so that exporters find the image's own layers
 * below a build's results and no empty layer is added. Chain-ID snapshots are shared by every build
 * and image that uses them and belong to the image store: whatever prunes the solver's cache index
 * must skip snapshots that carry that label (removing one still in use fails anyway, since its
 * children keep it) and leave them to the image store's own clean-up.
 */
package dev.strata.build.ops.source;
