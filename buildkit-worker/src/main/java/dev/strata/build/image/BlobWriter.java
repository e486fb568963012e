package dev.strata.build.image;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;

/**
 * One blob being written to the content store's ingest area, digesting as it goes. {@link #commit}
 * fsyncs it, checks the digest and moves it into place; {@link #close} without a commit discards it.
 */
public final class BlobWriter extends OutputStream {
    /** Moves a finished temporary file to its digest's place. */
    interface Installer {
        void install(Path temporary, Digest digest) throws IOException;
    }

    private final Path temporary;
    private final Installer installer;
    private final OutputStream out;
    private final MessageDigest hasher = Digest.newHasher();
    private long size;
    private boolean done;

    BlobWriter(Path temporary, Installer installer) throws IOException {
        this.temporary = temporary;
        this.installer = installer;
        this.out = Files.newOutputStream(temporary, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        hasher.update((byte) b);
        size++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        out.write(bytes, offset, length);
        hasher.update(bytes, offset, length);
        size += length;
    }

    /**
     * Finishes the blob. With a non-null {@code expected} digest, a mismatch discards the blob and
     * throws InvalidImageException. Returns what was stored.
     */
    public Stored commit(Digest expected) throws IOException {
        if (done) {
            throw new IllegalStateException("failed to commit blob: already committed or closed");
        }
        done = true;
        out.close();
        Digest actual = Digest.ofHash(hasher.digest());
        if (expected != null && !expected.equals(actual)) {
            Files.deleteIfExists(temporary);
            throw new InvalidImageException("failed to write blob " + expected + ": content has digest " + actual);
        }
        AtomicFiles.fsync(temporary);
        installer.install(temporary, actual);
        return new Stored(actual, size);
    }

    @Override
    public void close() throws IOException {
        if (!done) {
            done = true;
            out.close();
            Files.deleteIfExists(temporary);
        }
    }

    /** A committed blob's digest and size. */
    public record Stored(Digest digest, long size) {
    }
}
