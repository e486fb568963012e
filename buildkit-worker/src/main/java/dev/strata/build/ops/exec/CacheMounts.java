package dev.strata.build.ops.exec;

import dev.strata.build.llb.Digests;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.MountedSnapshot;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.file.TreeCopier;
import dev.strata.overlay.FileTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import dev.strata.overlay.DiskUsage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Cache mounts: directories kept below a root across builds and worker restarts, as BuildKit keeps
 * them. A cache is named by its id and, when the mount has an input, that input's snapshot, which
 * seeds each new instance of it (BuildKit keys seeded caches by their source ref too). Ids are never
 * file names: {@code <root>/<sha256 of id and seed>/<n>} is instance n of a cache.
 *
 * <p>Sharing, as BuildKit: SHARED execs use one instance together; PRIVATE takes a free instance or
 * makes a new one; LOCKED takes a free instance or waits for one. Instances in use are known to this
 * object only, so one cache root serves one worker process at a time.
 */
final class CacheMounts {
  private static final String TEMPORARY_PREFIX = ".new-";
  private static final int EXCLUSIVE = -1;

  private final Path root;
  /** Users of each instance in use: a count of SHARED users, or EXCLUSIVE. */
  private final Map<Path, Integer> inUse = new HashMap<>();

  private CacheMounts(Path root) {
    this.root = root;
  }

  /** Opens the root, removing instances a crash left half seeded. */
  static CacheMounts open(Path root) throws IOException {
    Files.createDirectories(root);
    try (Stream<Path> caches = Files.list(root)) {
      for (Path cache : caches.toList()) {
        try (Stream<Path> instances = Files.list(cache)) {
          instances.filter(p -> p.getFileName().toString().startsWith(TEMPORARY_PREFIX)).forEach(FileTrees::delete);
        }
      }
    }
    return new CacheMounts(root.toAbsolutePath());
  }

  /** One exec's use of a cache instance; closing it releases the instance. */
  final class Lease implements AutoCloseable {
    private final Path directory;
    private boolean released;

    private Lease(Path directory) {
      this.directory = directory;
    }

    Path directory() {
      return directory;
    }

    @Override
    public void close() {
      synchronized (CacheMounts.this) {
        if (released) {
          return;
        }
        released = true;
        int users = inUse.get(directory);
        if (users > 1) {
          inUse.put(directory, users - 1);
        } else {
          inUse.remove(directory);
        }
        CacheMounts.this.notifyAll();
      }
    }
  }

  /**
   * Takes an instance of cache {@code id} for one exec, seeding a new one from {@code seed} (scratch:
   * empty), waiting for a LOCKED cache another exec holds.
   */
  synchronized Lease acquire(OpContext context, String id, CacheSharingOpt sharing, CommittedSnapshot seed)
      throws IOException, InterruptedException {
    Path cache = root.resolve(Digests.sha256((id + "\0" + seed.name()).getBytes(StandardCharsets.UTF_8)).replace(':', '-'));
    Files.createDirectories(cache);
    while (true) {
      List<Path> instances = instances(cache);
      if (sharing == CacheSharingOpt.SHARED) {
        for (Path instance : instances) {
          if (inUse.getOrDefault(instance, 0) > 0) {
            inUse.merge(instance, 1, Integer::sum);
            return new Lease(instance);
          }
        }
      }
      for (Path instance : instances) {
        if (!inUse.containsKey(instance)) {
          inUse.put(instance, sharing == CacheSharingOpt.SHARED ? 1 : EXCLUSIVE);
          return new Lease(instance);
        }
      }
      if (sharing != CacheSharingOpt.LOCKED || instances.isEmpty()) {
        Path instance = create(context, cache, instances.size(), seed);
        inUse.put(instance, sharing == CacheSharingOpt.SHARED ? 1 : EXCLUSIVE);
        return new Lease(instance);
      }
      wait();
    }
  }

  /** Every instance of every cache, by id. */
  synchronized List<CacheMountRecord> usage() throws IOException {
    List<CacheMountRecord> records = new ArrayList<>();
    for (Path instance : allInstances()) {
      records.add(new CacheMountRecord(idOf(instance), DiskUsage.of(instance).size(), inUse.containsKey(instance)));
    }
    return records;
  }

  /** Removes every instance no exec holds, and the caches left empty; returns what was removed. */
  synchronized List<CacheMountRecord> prune() throws IOException {
    List<CacheMountRecord> removed = new ArrayList<>();
    for (Path instance : allInstances()) {
      if (!inUse.containsKey(instance)) {
        removed.add(new CacheMountRecord(idOf(instance), DiskUsage.of(instance).size(), false));
        FileTrees.delete(instance);
      }
    }
    for (Path cache : caches()) {
      if (instances(cache).isEmpty() && inUse.keySet().stream().noneMatch(i -> i.startsWith(cache))) {
        FileTrees.delete(cache);
      }
    }
    return removed;
  }

  private List<Path> caches() throws IOException {
    try (Stream<Path> caches = Files.list(root)) {
      return caches.toList();
    }
  }

  private List<Path> allInstances() throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path cache : caches()) {
      all.addAll(instances(cache));
    }
    return all;
  }

  private String idOf(Path instance) {
    return "cache-mount:" + root.relativize(instance);
  }

  private static List<Path> instances(Path cache) throws IOException {
    try (Stream<Path> entries = Files.list(cache)) {
      return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .sorted((a, b) -> Integer.compare(number(a), number(b)))
          .toList();
    }
  }

  private static int number(Path instance) {
    return Integer.parseInt(instance.getFileName().toString());
  }

  /** Seeds the new instance beside its place and renames it in, so a crash never leaves half a cache. */
  private static Path create(OpContext context, Path cache, int number, CommittedSnapshot seed) throws IOException {
    Path temporary = Files.createTempDirectory(cache, TEMPORARY_PREFIX);
    try {
      if (seed.isScratch()) {
        Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rwxr-xr-x"));
      } else {
        try (MountedSnapshot view = MountedSnapshot.readOnly(context, seed)) {
          TreeCopier.copyTreeContents(view.dir(), temporary);
        }
      }
      return Files.move(temporary, cache.resolve(Integer.toString(number)));
    } catch (IOException | RuntimeException e) {
      FileTrees.delete(temporary);
      throw e;
    }
  }
}
