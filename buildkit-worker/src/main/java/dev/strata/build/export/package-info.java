/**
 * Exporting a build result, as buildctl's {@code --output} asks: {@link dev.strata.build.export.OutputSpec#parse}
 * reads the option; {@link dev.strata.build.export.Exporter#export} writes an OCI or docker archive (a file, or
 * stdout for {@code dest=-}), a directory tree, or an image named in the worker's image index and pushed on request,
 * and returns an {@link dev.strata.build.export.ExportResult} with buildctl's metadata (manifest and config digests).
 *
 * <p>An image's layers are the diffs of the committed snapshots from the root up to the result, each against its
 * parent. The blob a snapshot diffed to is recorded in a label on the snapshot, so a re-export does not diff again;
 * snapshots unpacked from an image reuse the image's blobs. {@link dev.strata.build.export.ImageConfig} completes a
 * frontend's image config (or BuildKit's minimal one) with the diff IDs and history.
 */
package dev.strata.build.export;
