package dev.strata.build.solver;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The persistent map from a vertex's cache key to the names of the committed snapshots that hold its
 * outputs: a JSON file rewritten whole (through a temporary file and a rename) on every change, so
 * that a crash leaves the old index or the new one.
 */
public final class CacheIndex {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<TreeMap<String, List<String>>> ENTRIES = new TypeReference<>() {};

  private final Path file;
  private final TreeMap<String, List<String>> entries;

  private CacheIndex(Path file, TreeMap<String, List<String>> entries) {
    this.file = file;
    this.entries = entries;
  }

  /** Loads the index in {@code file}, or starts an empty one if there is none. */
  public static CacheIndex open(Path file) {
    try {
      if (!Files.exists(file)) {
        return new CacheIndex(file, new TreeMap<>());
      }
      return new CacheIndex(file, JSON.readValue(file.toFile(), ENTRIES));
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read cache index " + file + ": " + e.getMessage(), e);
    }
  }

  /** The snapshot names recorded for {@code key}, one per output. */
  public synchronized Optional<List<String>> lookup(String key) {
    return Optional.ofNullable(entries.get(key));
  }

  /** Records {@code snapshots} for {@code key}, replacing an earlier entry, and saves the index. */
  public synchronized void put(String key, List<String> snapshots) {
    List<String> previous = entries.put(key, List.copyOf(snapshots));
    try {
      save();
    } catch (IOException e) {
      if (previous == null) {
        entries.remove(key);
      } else {
        entries.put(key, previous);
      }
      throw new UncheckedIOException("failed to save cache index " + file + ": " + e.getMessage(), e);
    }
  }

  /** Drops the entry for {@code key}, if there is one, and saves the index. */
  public synchronized void remove(String key) {
    List<String> previous = entries.remove(key);
    if (previous == null) {
      return;
    }
    try {
      save();
    } catch (IOException e) {
      entries.put(key, previous);
      throw new UncheckedIOException("failed to save cache index " + file + ": " + e.getMessage(), e);
    }
  }

  /** Every entry, for inspection. */
  public synchronized Map<String, List<String>> entries() {
    return Map.copyOf(entries);
  }

  private void save() throws IOException {
    Files.createDirectories(file.getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(temporary.toFile(), entries);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}
