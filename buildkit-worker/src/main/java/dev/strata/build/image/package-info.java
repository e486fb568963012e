/**
 * Images as content: where they are stored, named, imported from archives and pulled from registries.
 *
 * <p>For the solver, the parts in use order:
 * <ul>
 *   <li>{@link dev.strata.build.image.ContentStore#open} a worker root's blobs by {@link dev.strata.build.image.Digest}
 *       ({@code <root>/blobs/sha256/<hex>}); writes are verified and atomic ({@link dev.strata.build.image.BlobWriter}).</li>
 *   <li>{@link dev.strata.build.image.ImageIndex#open} the same root's names -> manifest or index
 *       {@link dev.strata.build.image.Descriptor} ({@code images.json}): put, get, list, remove.</li>
 *   <li>A {@code docker-image://} source: {@link dev.strata.build.image.ImageReference#parse}, then
 *       {@link dev.strata.build.image.ImagePuller#pull} (with {@link dev.strata.build.image.RegistryClient#create}
 *       naming the hosts to reach over plain HTTP), then {@link dev.strata.build.image.ImageResolver#resolve} to the
 *       platform's manifest and config, then {@link dev.strata.build.layer.ImageUnpacker#unpack}, which returns the
 *       committed snapshot (named by chain ID) to prepare the op's output on.</li>
 *   <li>{@link dev.strata.build.image.ArchiveImporter#importArchive} does the same for an OCI layout tar or a docker
 *       archive in place of the registry.</li>
 *   <li>Exporting: {@link dev.strata.build.layer.SnapshotDiffer#diff} writes an active or committed snapshot's
 *       changes as a layer blob and returns its descriptor and diff ID ({@link dev.strata.build.layer.LayerBlob});
 *       {@link dev.strata.build.layer.DiffOptions} picks gzip or zstd and a SOURCE_DATE_EPOCH. A new manifest and
 *       config are written with {@link dev.strata.build.image.OciJson} and {@link dev.strata.build.image.ContentStore#write}.</li>
 * </ul>
 * Failures: {@link dev.strata.build.image.InvalidImageException} (bad or mismatched content),
 * {@link dev.strata.build.image.BlobNotFoundException}, {@link dev.strata.build.image.RegistryException} (with the
 * HTTP status), and {@link java.io.UncheckedIOException} / {@link java.io.IOException} for the file system.
 */
package dev.strata.build.image;
