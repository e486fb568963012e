package dev.strata.tests.build.image;

import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPOutputStream;

/** Layer bytes compressed the two ways OCI layers are. */
final class Compressed {
    private Compressed() {
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to gzip: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    static byte[] zstd(byte[] data) {
        return Zstd.compress(data);
    }
}
