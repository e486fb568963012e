package dev.strata.build.layer;

import com.github.luben.zstd.ZstdInputStream;
import com.github.luben.zstd.ZstdOutputStream;
import dev.strata.build.image.MediaTypes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.OptionalInt;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/** How a layer tar is compressed; read side detected from the stream's magic bytes. */
public enum Compression {
    NONE(MediaTypes.OCI_LAYER),
    GZIP(MediaTypes.OCI_LAYER_GZIP),
    ZSTD(MediaTypes.OCI_LAYER_ZSTD);

    private static final int BUFFER = 64 * 1024;
    private static final int ZSTD_DEFAULT_LEVEL = 3;

    private final String mediaType;

    Compression(String mediaType) {
        this.mediaType = mediaType;
    }

    /** The OCI layer media type for a tar compressed this way. */
    public String mediaType() {
        return mediaType;
    }

    /** Wraps {@code compressed} so that it reads the plain tar, whichever of the three forms it is in. */
    public static InputStream decompressing(InputStream compressed) throws IOException {
        BufferedInputStream in = new BufferedInputStream(compressed, BUFFER);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        return switch (ofMagic(magic)) {
            case GZIP -> new GZIPInputStream(in, BUFFER);
            case ZSTD -> new ZstdInputStream(in);
            case NONE -> in;
        };
    }

    /** How the stream's content is compressed, from its first four bytes; reads at most those. */
    public static Compression detect(InputStream content) throws IOException {
        return ofMagic(content.readNBytes(4));
    }

    private static Compression ofMagic(byte[] magic) {
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return GZIP;
        }
        if (magic.length == 4 && (magic[0] & 0xff) == 0x28 && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f && (magic[3] & 0xff) == 0xfd) {
            return ZSTD;
        }
        return NONE;
    }

    /** Wraps {@code out} so that what is written to the result arrives compressed; closing the result finishes the stream. */
    public OutputStream compressing(OutputStream out) throws IOException {
        return compressing(out, OptionalInt.empty());
    }

    /** As {@link #compressing(OutputStream)}, at {@code level} when one is given (ignored by NONE). */
    public OutputStream compressing(OutputStream out, OptionalInt level) throws IOException {
        return switch (this) {
            case NONE -> out;
            case GZIP -> level.isPresent() ? new LeveledGzipOutputStream(out, level.getAsInt()) : new GZIPOutputStream(out, BUFFER);
            case ZSTD -> new ZstdOutputStream(out, level.orElse(ZSTD_DEFAULT_LEVEL));
        };
    }

    /** Whether {@code level} is a level of this compression: 0 to 9 for gzip, 1 to 22 for zstd; none has no levels. */
    public boolean acceptsLevel(int level) {
        return switch (this) {
            case NONE -> false;
            case GZIP -> level >= Deflater.NO_COMPRESSION && level <= Deflater.BEST_COMPRESSION;
            case ZSTD -> level >= 1 && level <= 22;
        };
    }

    private static final class LeveledGzipOutputStream extends GZIPOutputStream {
        LeveledGzipOutputStream(OutputStream out, int level) throws IOException {
            super(out, BUFFER);
            def.setLevel(level);
        }
    }
}
