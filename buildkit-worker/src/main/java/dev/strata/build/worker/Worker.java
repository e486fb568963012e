package dev.strata.build.worker;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.exec.ExecutorConfig;
import dev.strata.build.export.ExportResult;
import dev.strata.build.export.Exporter;
import dev.strata.build.export.ImageConfig;
import dev.strata.build.export.OutputSpec;
import dev.strata.build.frontend.dockerfile.ResolvedBase;
import dev.strata.build.image.ArchiveImporter;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.ImagePuller;
import dev.strata.build.image.ImageResolver;
import dev.strata.build.image.RegistryClient;
import dev.strata.build.image.ResolvedImage;
import dev.strata.build.image.ImageReference;
import dev.strata.build.image.NamedImage;
import dev.strata.build.image.Platform;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.exec.CacheMountRecord;
import dev.strata.build.ops.exec.ExecOps;
import dev.strata.build.ops.source.ImageSources;
import dev.strata.build.solver.ProgressListener;
import dev.strata.build.solver.Solver;
import dev.strata.overlay.Mounter;
import dev.strata.overlay.OverlaySnapshotter;
import dev.strata.overlay.RootInUseException;
import dev.strata.overlay.RootLock;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A build worker on one root ({@link WorkerLayout}): its snapshotter (the embedded overlay snapshotter,
 * or a snapshotter socket), content store, image index and solver. Holds the root's lock from
 * {@link #open} to {@link #close}, so no other worker process uses the root meanwhile. Thread-safe:
 * a serve daemon runs several builds at once on one worker.
 */
public final class Worker implements AutoCloseable {
  private final WorkerConfig config;
  private final WorkerLayout layout;
  private final Mounter mounter;
  private final List<AutoCloseable> resources;
  private final Snapshotter snapshotter;
  private final ContentStore content;
  private final ImageIndex images;
  private final ExecOps exec;
  private final Solver solver;
  private final Set<String> insecureRegistries;
  private final RegistryClient registry;

  private Worker(WorkerConfig config, Mounter mounter, List<AutoCloseable> resources, Snapshotter snapshotter,
      ContentStore content, ImageIndex images, ExecOps exec, Solver solver, Set<String> insecureRegistries) {
    this.config = config;
    this.layout = new WorkerLayout(config.root());
    this.mounter = mounter;
    this.resources = resources;
    this.snapshotter = snapshotter;
    this.content = content;
    this.images = images;
    this.exec = exec;
    this.solver = solver;
    this.insecureRegistries = insecureRegistries;
    // one HTTP client for the worker's life: a new one per Dockerfile build costs its start and a new connection
    this.registry = RegistryClient.create(insecureRegistries);
  }

  /**
   * Locks {@code config.root()} (creating it) and opens everything on it.
   *
   * @throws RootInUseException if another process works on the root
   */
  public static Worker open(WorkerConfig config) {
    WorkerLayout layout = new WorkerLayout(config.root());
    createDirectory(config.root());
    List<AutoCloseable> opened = new ArrayList<>();
    try {
      opened.add(RootLock.acquire(layout.lock(), "another strata-build, or a strata-build serve daemon on another socket"));
      Snapshotter snapshotter = config.snapshotterAddress()
          .<Snapshotter>map(RemoteSnapshotter::connect)
          .orElseGet(() -> OverlaySnapshotter.open(layout.snapshots()));
      opened.add(0, snapshotter);
      ContentStore content = ContentStore.open(layout.content());
      ImageIndex images = ImageIndex.open(config.root());
      FileDigestCache files = FileDigestCache.create();
      ExecOps exec = new ExecOps(ExecutorConfig.defaults(layout.execState()).withAllowInsecure(true), layout.cacheMounts());
      Set<String> insecureRegistries = ConcurrentHashMap.newKeySet();
      OpResolver ops = WorkerOps.standard(content, images, exec, files, insecureRegistries);
      Mounter mounter = new Mounter();
      Solver solver = Solver.builder()
          .mounter(mounter)
          .snapshotter(snapshotter)
          .resolver(ops)
          .root(config.root())
          .maxParallelism(config.maxParallelism())
          .fileDigests(files)
          .build();
      opened.add(0, solver);
      return new Worker(config, mounter, opened, snapshotter, content, images, exec, solver, insecureRegistries);
    } catch (IOException e) {
      UncheckedIOException failure = new UncheckedIOException("failed to open worker on " + config.root() + ": " + e.getMessage(), e);
      closeAll(opened, failure);
      throw failure;
    } catch (RuntimeException e) {
      closeAll(opened, e);
      throw e;
    }
  }

  public WorkerConfig config() {
    return config;
  }

  /**
   * Solves the request's definition, then exports the result to each of the request's outputs in
   * order. The result stays owned by the cache.
   *
   * @param stdout where an output with {@code dest=-} writes
   * <p>The request's insecure registries join those of earlier requests for the worker's life: image
   * sources are resolved while planning, on ops shared by every build of the worker.
   *
   * @throws dev.strata.build.export.InvalidOutputException if an output is malformed; nothing ran
   * @throws dev.strata.build.solver.SolveException naming the vertex that failed
   */
  public BuildResult build(BuildRequest request, ProgressListener listener, OutputStream stdout) {
    insecureRegistries.addAll(request.insecureRegistries());
    List<OutputSpec> outputs = request.outputs().stream().map(OutputSpec::parse).toList();
    CommittedSnapshot result = solver.solve(request.definition(), request.session(), listener);
    Exporter exporter = Exporter.builder()
        .snapshotter(snapshotter)
        .contentStore(content)
        .imageIndex(images)
        .mounter(mounter)
        .mountRoot(layout.exportMounts())
        .insecureRegistries(request.insecureRegistries())
        .stdout(stdout)
        .build();
    ImageConfig config = request.imageConfig().map(ImageConfig::fromJson).orElseGet(() -> ImageConfig.minimal(Platform.host()));
    List<ExportResult> exports = new ArrayList<>();
    for (OutputSpec output : outputs) {
      exports.add(new ExportStep(output).run(listener, () -> exporter.export(result, config, output)));
    }
    return new BuildResult(result, exports);
  }

  /**
   * The image {@code ref} names for {@code platform}, as a Dockerfile's FROM needs it: from the image
   * store (a digest pin whose manifest is in the content store, or a stored tag), else its manifest and
   * config fetched over the registry API, plain HTTP for {@code insecureRegistries} (which join those of
   * earlier requests, as in {@link #build}); the layers wait for the image source op.
   * The digest is the platform manifest's, which a {@code docker-image://REF@DIGEST} source then finds
   * in the content store.
   */
  public ResolvedBase resolveImageConfig(String ref, OciPlatform platform, Set<String> insecureRegistries) {
    ImageReference reference = ImageReference.parse(ref);
    Platform wanted = new Platform(platform.architecture(), platform.os(),
        platform.variant().isEmpty() ? null : platform.variant());
    this.insecureRegistries.addAll(insecureRegistries);
    Descriptor target = ImageSources.stored(content, images, reference).orElseGet(() ->
        new ImagePuller(registry, content, images, wanted).pullMetadata(reference));
    ResolvedImage image = new ImageResolver(content, wanted).resolve(target);
    return new ResolvedBase(image.manifestDescriptor().digest().toString(), content.read(image.manifest().config().digest()));
  }

  /**
   * Imports an OCI or docker archive; with {@code name}, also names the archive's only image so.
   *
   * @throws IllegalArgumentException if {@code name} is given and the archive does not hold exactly one named image
   */
  public List<NamedImage> importImage(Path archive, Optional<String> name) {
    List<NamedImage> imported = new ArchiveImporter(content, images).importArchive(archive);
    if (name.isEmpty()) {
      return imported;
    }
    if (imported.size() != 1) {
      throw new IllegalArgumentException("failed to name the image of " + archive + " " + name.get()
          + ": the archive holds " + imported.size() + " named images, not one");
    }
    NamedImage renamed = new NamedImage(ImageReference.parse(name.get()).toString(), imported.get(0).target());
    images.put(renamed.name(), renamed.target());
    return List.of(imported.get(0), renamed);
  }

  /** Image names and their targets, sorted by name. */
  public SortedMap<String, Descriptor> images() {
    return images.list();
  }

  /** Removes an image name; returns false if there was none. Blobs stay. */
  public boolean removeImage(String name) {
    return images.remove(name) || images.remove(ImageReference.parse(name).toString());
  }

  /** The cached results and their sizes. */
  public List<CacheRecord> diskUsage() {
    return CacheUsage.of(solver.cacheIndex(), snapshotter);
  }

  /** The cache mounts' instances and their sizes. */
  public List<CacheMountRecord> cacheMountUsage() {
    try {
      return exec.cacheMountUsage();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to list cache mounts: " + e.getMessage(), e);
    }
  }

  /**
   * Removes every cached result that nothing else builds on, and every cache mount instance that no
   * running exec holds, as {@code buildctl prune} does; images stay.
   */
  public PruneReport prune() {
    PruneReport results = new CachePruner(solver.cacheIndex(), snapshotter).prune();
    try {
      List<CacheMountRecord> mounts = exec.pruneCacheMounts();
      return results.withCacheMounts(mounts.size(), mounts.stream().mapToLong(CacheMountRecord::size).sum());
    } catch (IOException e) {
      throw new UncheckedIOException("failed to prune cache mounts: " + e.getMessage(), e);
    }
  }

  /** Stops the solver after the ops under way, closes the snapshotter and releases the root. */
  @Override
  public void close() {
    IllegalStateException failure = new IllegalStateException("failed to close worker on " + config.root());
    closeAll(resources, failure);
    if (failure.getSuppressed().length > 0) {
      throw failure;
    }
  }

  private static void closeAll(List<AutoCloseable> resources, Exception failure) {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static void createDirectory(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to create worker root " + root + ": " + e.getMessage(), e);
    }
  }
}
