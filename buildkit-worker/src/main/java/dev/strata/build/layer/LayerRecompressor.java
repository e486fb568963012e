package dev.strata.build.layer;

import dev.strata.build.image.BlobWriter;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import dev.strata.build.image.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Writes a layer blob of the content store again in another compression. The plain tar is
 * unchanged, so the diff ID is too, and so are the chain IDs of the layers above it.
 */
public final class LayerRecompressor {
    private final ContentStore content;

    public LayerRecompressor(ContentStore content) {
        this.content = content;
    }

    /** Recompresses blob {@code source}, whose plain tar must have digest {@code diffId}. */
    public LayerBlob recompress(Digest source, Digest diffId, DiffOptions options) throws IOException {
        MessageDigest plainHasher = Digest.newHasher();
        try (BlobWriter blob = content.writer()) {
            try (InputStream plain = Compression.decompressing(content.open(source));
                 OutputStream compressed = options.compression().compressing(new KeepOpenOutputStream(blob),
                         options.compressionLevel());
                 DigestOutputStream hashed = new DigestOutputStream(compressed, plainHasher)) {
                plain.transferTo(hashed);
            }
            Digest plainDigest = Digest.ofHash(plainHasher.digest());
            if (!plainDigest.equals(diffId)) {
                throw new InvalidImageException("failed to recompress layer " + source + ": diff ID is " + plainDigest
                        + ", expected " + diffId);
            }
            BlobWriter.Stored stored = blob.commit(null);
            return new LayerBlob(Descriptor.of(options.compression().mediaType(), stored.digest(), stored.size()), diffId);
        }
    }
}
