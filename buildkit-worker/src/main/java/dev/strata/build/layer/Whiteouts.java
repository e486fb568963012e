package dev.strata.build.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** The two whiteout vocabularies: OCI's in layer tars, overlayfs's in snapshot directories. */
final class Whiteouts {
    static final String OCI_PREFIX = ".wh.";
    static final String OCI_OPAQUE = ".wh..wh..opq";
    static final String OPAQUE_XATTR = "trusted.overlay.opaque";
    static final String OVERLAY_XATTR_PREFIX = "trusted.overlay.";

    private Whiteouts() {
    }

    /** overlayfs marks a deleted name with a character device numbered 0/0. */
    static boolean isOverlayWhiteout(Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attributes.get("mode");
        return (mode & 0170000) == Posix.S_IFCHR && (Long) attributes.get("rdev") == 0L;
    }

    static void writeOverlayWhiteout(Path path) throws IOException {
        Posix.mknod(path, Posix.S_IFCHR, 0);
    }

    static boolean isOpaque(Path directory) throws IOException {
        byte[] value = Posix.getXattr(directory, OPAQUE_XATTR);
        return value != null && value.length == 1 && value[0] == 'y';
    }

    static void markOpaque(Path directory) throws IOException {
        Posix.setXattr(directory, OPAQUE_XATTR, new byte[] {'y'});
    }
}
