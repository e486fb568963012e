package dev.strata.build.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Blobs by digest under {@code <root>/blobs/sha256/<hex>}. A blob is written to {@code <root>/ingest},
 * fsynced, checked against its digest and renamed into place, so a blob file is always complete and
 * correct; a crash leaves at most a stray ingest file.
 */
public final class ContentStore {
    private final Path blobs;
    private final Path ingest;

    private ContentStore(Path blobs, Path ingest) {
        this.blobs = blobs;
        this.ingest = ingest;
    }

    public static ContentStore open(Path root) {
        Path blobs = root.resolve("blobs").resolve("sha256");
        Path ingest = root.resolve("ingest");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(ingest);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open content store " + root + ": " + e.getMessage(), e);
        }
        return new ContentStore(blobs, ingest);
    }

    /** Starts a blob; the caller writes it and then commits or closes (discards) it. */
    public BlobWriter writer() {
        try {
            return new BlobWriter(Files.createTempFile(ingest, "blob-", ".tmp"), this::install);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start blob in " + ingest + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code content}; with a non-null {@code expected}, fails unless the content has that digest. */
    public Digest write(InputStream content, Digest expected) {
        try (BlobWriter writer = writer()) {
            content.transferTo(writer);
            return writer.commit(expected).digest();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write blob: " + e.getMessage(), e);
        }
    }

    public Digest write(byte[] content) {
        try (BlobWriter writer = writer()) {
            writer.write(content);
            return writer.commit(null).digest();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write blob: " + e.getMessage(), e);
        }
    }

    public boolean contains(Digest digest) {
        return Files.isRegularFile(path(digest));
    }

    /** The blob's file, to read; throws BlobNotFoundException if absent. */
    public Path file(Digest digest) {
        Path file = path(digest);
        if (!Files.isRegularFile(file)) {
            throw new BlobNotFoundException(digest);
        }
        return file;
    }

    public InputStream open(Digest digest) {
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException e) {
            throw new BlobNotFoundException(digest);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to open blob " + digest + ": " + e.getMessage(), e);
        }
    }

    public byte[] read(Digest digest) {
        try (InputStream in = open(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read blob " + digest + ": " + e.getMessage(), e);
        }
    }

    public long size(Digest digest) {
        try {
            return Files.size(file(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to stat blob " + digest + ": " + e.getMessage(), e);
        }
    }

    public List<Digest> list() {
        try (Stream<Path> files = Files.list(blobs)) {
            List<Digest> digests = new ArrayList<>();
            files.map(f -> "sha256:" + f.getFileName()).sorted().forEach(name -> digests.add(Digest.parse(name)));
            return digests;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list blobs in " + blobs + ": " + e.getMessage(), e);
        }
    }

    /** Removes the blob; returns false if it was not there. */
    public boolean remove(Digest digest) {
        try {
            return Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to remove blob " + digest + ": " + e.getMessage(), e);
        }
    }

    private void install(Path temporary, Digest digest) throws IOException {
        Path target = path(digest);
        if (Files.exists(target)) {
            Files.delete(temporary);
        } else {
            AtomicFiles.move(temporary, target);
        }
    }

    private Path path(Digest digest) {
        return blobs.resolve(digest.hex());
    }
}
