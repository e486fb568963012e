package dev.strata.build.layer;

import dev.strata.build.image.BlobWriter;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Descriptor;
import dev.strata.build.image.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a snapshot's upper directory (which holds exactly its changes) as an OCI layer blob:
 * entries sorted by name, overlay whiteouts as {@code .wh.NAME}, opaque directories with
 * {@code .wh..wh..opq}, repeated inodes as hard links, numeric owners only, whole-second times.
 */
public final class LayerDiffer {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final int TYPE_MASK = 0170000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFLNK = 0120000;
    private static final String PAX_XATTR = "SCHILY.xattr.";

    private final ContentStore content;

    public LayerDiffer(ContentStore content) {
        this.content = content;
    }

    public LayerBlob write(Path upper, DiffOptions options) throws IOException {
        MessageDigest diffIdHasher = Digest.newHasher();
        try (BlobWriter blob = content.writer()) {
            try (OutputStream compressed = options.compression().compressing(new KeepOpenOutputStream(blob), options.compressionLevel());
                 DigestOutputStream plain = new DigestOutputStream(compressed, diffIdHasher);
                 TarArchiveOutputStream tar = new TarArchiveOutputStream(plain)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                new Walk(upper, tar, options).children(upper, "");
            }
            BlobWriter.Stored stored = blob.commit(null);
            Descriptor descriptor = Descriptor.of(options.compression().mediaType(), stored.digest(), stored.size());
            return new LayerBlob(descriptor, Digest.ofHash(diffIdHasher.digest()));
        }
    }

    /** One pass over the tree; remembers the first name of each multiply linked inode. */
    private static final class Walk {
        private final Path root;
        private final TarArchiveOutputStream tar;
        private final DiffOptions options;
        private final Map<String, String> firstNameOfInode = new HashMap<>();

        Walk(Path root, TarArchiveOutputStream tar, DiffOptions options) {
            this.root = root;
            this.tar = tar;
            this.options = options;
        }

        void children(Path directory, String prefix) throws IOException {
            List<Path> children;
            try (Stream<Path> list = Files.list(directory)) {
                children = new ArrayList<>(list.toList());
            }
            children.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
            for (Path child : children) {
                String name = prefix + child.getFileName();
                entry(child, name);
            }
        }

        private void entry(Path path, String name) throws IOException {
            Map<String, Object> stat = Files.readAttributes(path, "unix:mode,uid,gid,ino,dev,nlink,rdev,size,lastModifiedTime", NOFOLLOW);
            int mode = (Integer) stat.get("mode");
            int type = mode & TYPE_MASK;
            long modified = options.clampSeconds(((FileTime) stat.get("lastModifiedTime")).toInstant());
            if (Whiteouts.isOverlayWhiteout(path)) {
                String marker = name.substring(0, name.length() - path.getFileName().toString().length())
                        + Whiteouts.OCI_PREFIX + path.getFileName();
                put(marker(marker, modified), null);
                return;
            }
            TarArchiveEntry entry;
            if (type == S_IFDIR) {
                entry = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
            } else if (type == S_IFLNK) {
                entry = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
                entry.setLinkName(Files.readSymbolicLink(path).toString());
            } else if (type == S_IFREG) {
                String inode = stat.get("dev") + ":" + stat.get("ino");
                String first = (Integer) stat.get("nlink") > 1 ? firstNameOfInode.putIfAbsent(inode, name) : null;
                if (first != null) {
                    entry = new TarArchiveEntry(name, TarConstants.LF_LINK);
                    entry.setLinkName(first);
                } else {
                    entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
                    entry.setSize((Long) stat.get("size"));
                }
            } else if (type == Posix.S_IFCHR || type == Posix.S_IFBLK) {
                entry = new TarArchiveEntry(name, type == Posix.S_IFCHR ? TarConstants.LF_CHR : TarConstants.LF_BLK);
                long device = (Long) stat.get("rdev");
                entry.setDevMajor(Posix.major(device));
                entry.setDevMinor(Posix.minor(device));
            } else if (type == Posix.S_IFIFO) {
                entry = new TarArchiveEntry(name, TarConstants.LF_FIFO);
            } else {
                return;
            }
            entry.setMode(mode & 07777);
            entry.setIds((Integer) stat.get("uid"), (Integer) stat.get("gid"));
            entry.setModTime(modified * 1000);
            addXattrs(path, entry);
            put(entry, type == S_IFREG && !entry.isLink() ? path : null);
            if (type == S_IFDIR) {
                if (Whiteouts.isOpaque(path)) {
                    put(marker(name + "/" + Whiteouts.OCI_OPAQUE, modified), null);
                }
                children(path, name + "/");
            }
        }

        private static TarArchiveEntry marker(String name, long modifiedSeconds) {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
            entry.setMode(0);
            entry.setIds(0, 0);
            entry.setModTime(modifiedSeconds * 1000);
            return entry;
        }

        private static void addXattrs(Path path, TarArchiveEntry entry) throws IOException {
            List<String> names = new ArrayList<>(Posix.listXattrs(path));
            names.sort(null);
            for (String xattr : names) {
                if (!xattr.startsWith(Whiteouts.OVERLAY_XATTR_PREFIX)) {
                    byte[] value = Posix.getXattr(path, xattr);
                    if (value != null) {
                        entry.addPaxHeader(PAX_XATTR + xattr, new String(value, StandardCharsets.UTF_8));
                    }
                }
            }
        }

        private void put(TarArchiveEntry entry, Path content) throws IOException {
            tar.putArchiveEntry(entry);
            if (content != null) {
                Files.copy(content, tar);
            }
            tar.closeArchiveEntry();
        }
    }
}
