/**
 * LLB's merge and diff ops, built from layers: a committed snapshot's layer is its diff against its
 * parent ({@link dev.strata.build.layer.SnapshotDiffer}), replayed onto a new snapshot with {@link
 * dev.strata.build.layer.LayerApplier}, so deletions travel as whiteouts exactly as in an image.
 */
package dev.strata.build.ops.snapshot;
