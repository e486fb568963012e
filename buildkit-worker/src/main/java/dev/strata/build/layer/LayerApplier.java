package dev.strata.build.layer;

import dev.strata.build.image.Digest;
import dev.strata.overlay.FileTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Writes one layer tar (plain, gzip or zstd) into a snapshot's upper directory so that it holds
 * exactly the layer's changes: OCI whiteouts become overlay whiteouts, opaque markers the opaque
 * xattr; parents missing from the upper directory are copied up from the lowers. Every name and
 * hard-link target resolves inside the upper directory's merged view; none can escape it.
 */
public final class LayerApplier {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final String PAX_XATTR = "SCHILY.xattr.";

    private final boolean markDeletions;

    /** Writes deletions as overlay whiteouts and opaque directories, so that they hide what lies below. */
    public LayerApplier() {
        this(true);
    }

    private LayerApplier(boolean markDeletions) {
        this.markDeletions = markDeletions;
    }

    /**
     * An applier that removes what a layer deletes from the upper directory but leaves no whiteout or
     * opaque marker, for a target that must show only its own files when mounted alone.
     */
    public static LayerApplier withoutDeletionMarkers() {
        return new LayerApplier(false);
    }

    /** Applies the tar in {@code layer} to {@code target} and returns its diff ID (digest of the plain tar). */
    public Digest apply(SnapshotDirectories target, InputStream layer) throws IOException {
        MessageDigest hasher = Digest.newHasher();
        LayeredTree tree = new LayeredTree(target.upper(), target.lowers());
        List<DirectoryTime> directoryTimes = new ArrayList<>();
        Set<Path> written = new HashSet<>();
        try (InputStream plain = new DigestInputStream(Compression.decompressing(layer), hasher);
             TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                applyEntry(tree, entry, tar, directoryTimes, written);
            }
            plain.transferTo(OutputStream.nullOutputStream());
        }
        for (int i = directoryTimes.size() - 1; i >= 0; i--) {
            DirectoryTime time = directoryTimes.get(i);
            Posix.setModified(time.directory(), time.modified().getEpochSecond(), time.modified().getNano());
        }
        return Digest.ofHash(hasher.digest());
    }

    private void applyEntry(LayeredTree tree, TarArchiveEntry entry, InputStream content,
                            List<DirectoryTime> directoryTimes, Set<Path> written) throws IOException {
        List<String> components = EntryNames.components(entry.getName());
        if (components.isEmpty()) {
            return;
        }
        String base = components.get(components.size() - 1);
        List<String> parent = tree.resolve(components.subList(0, components.size() - 1));
        Path directory = tree.ensureDirectory(parent);
        if (base.equals(Whiteouts.OCI_OPAQUE)) {
            removeEarlierLayers(directory, written);
            if (markDeletions) {
                Whiteouts.markOpaque(directory);
            }
            return;
        }
        if (base.startsWith(Whiteouts.OCI_PREFIX)) {
            Path deleted = directory.resolve(base.substring(Whiteouts.OCI_PREFIX.length()));
            removeExisting(deleted);
            written.add(deleted);
            if (markDeletions) {
                Whiteouts.writeOverlayWhiteout(deleted);
            }
            return;
        }
        Path path = directory.resolve(base);
        written.add(path);
        if (entry.isDirectory()) {
            if (!Files.isDirectory(path, NOFOLLOW)) {
                removeExisting(path);
                Files.createDirectory(path);
            }
        } else {
            removeExisting(path);
            if (entry.isLink()) {
                List<String> target = tree.resolve(EntryNames.components(entry.getLinkName()));
                Files.createLink(path, tree.copyUp(target));
                return;
            }
            create(entry, path, content);
        }
        setAttributes(entry, path);
        Instant modified = entry.getLastModifiedTime().toInstant();
        if (entry.isDirectory()) {
            directoryTimes.add(new DirectoryTime(path, modified));
        } else {
            Posix.setModified(path, modified.getEpochSecond(), modified.getNano());
        }
    }

    private static void create(TarArchiveEntry entry, Path path, InputStream content) throws IOException {
        if (entry.isSymbolicLink()) {
            Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
        } else if (entry.isCharacterDevice()) {
            Posix.mknod(path, Posix.S_IFCHR | (entry.getMode() & 07777), Posix.makedev(entry.getDevMajor(), entry.getDevMinor()));
        } else if (entry.isBlockDevice()) {
            Posix.mknod(path, Posix.S_IFBLK | (entry.getMode() & 07777), Posix.makedev(entry.getDevMajor(), entry.getDevMinor()));
        } else if (entry.isFIFO()) {
            Posix.mknod(path, Posix.S_IFIFO | (entry.getMode() & 07777), 0);
        } else if (entry.isFile()) {
            Files.copy(content, path);
        } else {
            throw new IOException("failed to apply layer entry " + entry.getName() + ": unsupported type " + (char) entry.getLinkFlag());
        }
    }

    private static void setAttributes(TarArchiveEntry entry, Path path) throws IOException {
        Posix.lchown(path, (int) entry.getLongUserId(), (int) entry.getLongGroupId());
        if (!entry.isSymbolicLink()) {
            Posix.chmod(path, entry.getMode());
        }
        for (Map.Entry<String, String> header : entry.getExtraPaxHeaders().entrySet()) {
            String name = header.getKey();
            if (name.startsWith(PAX_XATTR) && !name.startsWith(PAX_XATTR + Whiteouts.OVERLAY_XATTR_PREFIX)) {
                Posix.setXattr(path, name.substring(PAX_XATTR.length()), header.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /**
     * An opaque directory hides everything below this layer: also what earlier layers applied to the
     * same upper directory put in it (merges replay several layers into one), but not what this layer
     * wrote before its marker.
     */
    private static void removeEarlierLayers(Path directory, Set<Path> written) throws IOException {
        List<Path> children;
        try (Stream<Path> list = Files.list(directory)) {
            children = list.toList();
        }
        for (Path child : children) {
            if (written.stream().noneMatch(path -> path.startsWith(child))) {
                removeExisting(child);
            }
        }
    }

    private static void removeExisting(Path path) throws IOException {
        if (Files.isDirectory(path, NOFOLLOW)) {
            FileTrees.delete(path);
        } else {
            Files.deleteIfExists(path);
        }
    }

    private record DirectoryTime(Path directory, Instant modified) {
    }
}
