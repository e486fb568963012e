/**
 * Layers on snapshots: {@link dev.strata.build.layer.LayerApplier} writes a layer tar into a snapshot's upper
 * directory (found from its mount specs by {@link dev.strata.build.layer.SnapshotDirectories}, never by mounting),
 * {@link dev.strata.build.layer.LayerDiffer} writes an upper directory back as a layer tar, and
 * {@link dev.strata.build.layer.ImageUnpacker} stacks an image's layers as chain-ID-named committed snapshots.
 * Overlay whiteouts (0/0 character devices, the {@code trusted.overlay.opaque} xattr) stand for OCI's
 * {@code .wh.} files on disk; both directions need root.
 */
package dev.strata.build.layer;
