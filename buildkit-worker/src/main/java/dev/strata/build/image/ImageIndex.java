package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Image names and what they point at (a manifest or an index descriptor), persisted as one JSON
 * file {@code <root>/images.json} that each change replaces atomically. Thread-safe.
 */
public final class ImageIndex {
    private final Path file;
    private final SortedMap<String, Descriptor> images;

    private ImageIndex(Path file, SortedMap<String, Descriptor> images) {
        this.file = file;
        this.images = images;
    }

    public static ImageIndex open(Path root) {
        Path file = root.resolve("images.json");
        try {
            Files.createDirectories(root);
            if (!Files.exists(file)) {
                return new ImageIndex(file, new TreeMap<>());
            }
            return new ImageIndex(file, new TreeMap<>(OciJson.read(Files.readAllBytes(file), Document.class).images()));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open image index " + file + ": " + e.getMessage(), e);
        }
    }

    /** Names {@code target}, replacing what the name pointed at before. */
    public synchronized void put(String name, Descriptor target) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("failed to name image: empty name");
        }
        SortedMap<String, Descriptor> changed = new TreeMap<>(images);
        changed.put(name, target);
        save(changed);
    }

    public synchronized Optional<Descriptor> get(String name) {
        return Optional.ofNullable(images.get(name));
    }

    /** All names and targets, sorted by name. */
    public synchronized SortedMap<String, Descriptor> list() {
        return new TreeMap<>(images);
    }

    /** Removes the name; returns false if it was not there. Blobs stay in the content store. */
    public synchronized boolean remove(String name) {
        if (!images.containsKey(name)) {
            return false;
        }
        SortedMap<String, Descriptor> changed = new TreeMap<>(images);
        changed.remove(name);
        save(changed);
        return true;
    }

    private void save(SortedMap<String, Descriptor> changed) {
        try {
            AtomicFiles.write(file, OciJson.write(new Document(changed)));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to save image index " + file + ": " + e.getMessage(), e);
        }
        images.clear();
        images.putAll(changed);
    }

    private record Document(@JsonProperty("images") Map<String, Descriptor> images) {
        private Document {
            images = images == null ? Map.of() : images;
        }
    }
}
