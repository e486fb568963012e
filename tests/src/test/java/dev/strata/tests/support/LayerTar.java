package dev.strata.tests.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * An uncompressed image layer: a tar of directories, files, symlinks and OCI whiteouts, owned by
 * root, with a fixed modification time so equal inputs give equal digests.
 */
public final class LayerTar {

    private static final long MODIFIED_MILLIS = 1_700_000_000_000L;
    private static final String WHITEOUT_PREFIX = ".wh.";

    private final byte[] bytes;

    private LayerTar(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The tar stream, as its diff_id is computed. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Collects entries in order; paths are absolute inside the image ("/etc/file"). */
    public static final class Builder {

        private final List<TarArchiveEntry> entries = new ArrayList<>();
        private final List<byte[]> contents = new ArrayList<>();

        private Builder() {
        }

        public Builder directory(String path, int mode) {
            TarArchiveEntry entry = new TarArchiveEntry(relative(path) + "/", TarConstants.LF_DIR);
            entry.setMode(mode);
            return add(entry, new byte[0]);
        }

        public Builder file(String path, byte[] content, int mode) {
            TarArchiveEntry entry = new TarArchiveEntry(relative(path), TarConstants.LF_NORMAL);
            entry.setMode(mode);
            entry.setSize(content.length);
            return add(entry, content.clone());
        }

        public Builder symlink(String path, String target) {
            TarArchiveEntry entry = new TarArchiveEntry(relative(path), TarConstants.LF_SYMLINK);
            entry.setLinkName(target);
            entry.setMode(0777);
            return add(entry, new byte[0]);
        }

        /** Marks {@code path} as deleted by this layer (an OCI whiteout file next to it). */
        public Builder whiteout(String path) {
            Path deleted = Path.of(path);
            String marker = deleted.resolveSibling(WHITEOUT_PREFIX + deleted.getFileName()).toString();
            return file(marker, new byte[0], 0644);
        }

        public LayerTar build() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                for (int i = 0; i < entries.size(); i++) {
                    tar.putArchiveEntry(entries.get(i));
                    tar.write(contents.get(i));
                    tar.closeArchiveEntry();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("failed to write layer tar: " + e.getMessage(), e);
            }
            return new LayerTar(out.toByteArray());
        }

        private Builder add(TarArchiveEntry entry, byte[] content) {
            entry.setModTime(MODIFIED_MILLIS);
            entry.setIds(0, 0);
            entries.add(entry);
            contents.add(content);
            return this;
        }

        private static String relative(String path) {
            if (!path.startsWith("/") || path.length() < 2) {
                throw new IllegalArgumentException("failed to add layer entry: path must be absolute and not /: " + path);
            }
            return path.substring(1);
        }
    }
}
