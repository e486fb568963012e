package dev.strata.tests.build.image;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * A layer tar with entries exactly as given: relative or hostile names, owners, hard links, xattrs.
 * (LayerTar in the support package writes only well-formed root-owned entries.)
 */
final class RawLayer {
    static final long MODIFIED_MILLIS = 1_600_000_000_000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes);

    RawLayer() {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
    }

    RawLayer directory(String name, int mode) {
        return add(name, TarConstants.LF_DIR, mode, null, e -> { });
    }

    RawLayer file(String name, String content, int mode) {
        return file(name, content, mode, e -> { });
    }

    RawLayer file(String name, String content, int mode, Consumer<TarArchiveEntry> adjust) {
        return add(name, TarConstants.LF_NORMAL, mode, content.getBytes(StandardCharsets.UTF_8), adjust);
    }

    RawLayer symlink(String name, String target) {
        return add(name, TarConstants.LF_SYMLINK, 0777, null, e -> e.setLinkName(target));
    }

    RawLayer hardlink(String name, String target) {
        return add(name, TarConstants.LF_LINK, 0644, null, e -> e.setLinkName(target));
    }

    byte[] bytes() {
        try {
            tar.close();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to finish layer tar: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    private RawLayer add(String name, byte type, int mode, byte[] content, Consumer<TarArchiveEntry> adjust) {
        TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
        entry.setMode(mode);
        entry.setModTime(MODIFIED_MILLIS);
        entry.setSize(content == null ? 0 : content.length);
        adjust.accept(entry);
        try {
            tar.putArchiveEntry(entry);
            if (content != null) {
                tar.write(content);
            }
            tar.closeArchiveEntry();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to write layer entry " + name + ": " + e.getMessage(), e);
        }
        return this;
    }
}
