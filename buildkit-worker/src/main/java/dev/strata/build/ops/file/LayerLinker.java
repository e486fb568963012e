package dev.strata.build.ops.file;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.layer.SnapshotDirectories;
import dev.strata.build.ops.MountedSnapshot;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gives a copied regular file the inode of its source, read from a committed snapshot's view, by
 * hard linking it into the target snapshot's own directory, where creating a new inode costs far more
 * (about 1 ms per file on ext4 against 20 µs for a link). Committed snapshots are never written on
 * and overlayfs copies a lower file up before changing it, so sharing inodes between them is safe as
 * long as nothing writes on the target snapshot's mount after the copy: its owner must commit it next.
 *
 * <p>The link bypasses the target's overlay mount, so the copier must not look at a linked file
 * through that mount afterwards.
 */
final class LayerLinker {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private final Path sourceMount;
  private final List<Path> sourceLayers;
  private final Path targetMount;
  private final Path targetUpper;
  private final FileDigestCache files;
  /** The last target directory found in the target's own layer: a copy links the files of one directory in a row. */
  private Path linkableDirectory;

  private LayerLinker(Path sourceMount, List<Path> sourceLayers, Path targetMount, Path targetUpper, FileDigestCache files) {
    this.sourceMount = sourceMount;
    this.sourceLayers = sourceLayers;
    this.targetMount = targetMount;
    this.targetUpper = targetUpper;
    this.files = files;
  }

  /**
   * Links from the view {@code source} of a committed snapshot into the writable {@code target},
   * keeping the digests {@code files} remembers of the linked files.
   */
  static LayerLinker between(MountedSnapshot source, MountedSnapshot target, FileDigestCache files) {
    SnapshotDirectories from = source.directories();
    List<Path> layers = new ArrayList<>();
    layers.add(from.upper());
    layers.addAll(from.lowers());
    return new LayerLinker(source.dir(), layers, target.dir(), target.directories().upper(), files);
  }

  /**
   * Links {@code target}, which does not exist, to the inode {@code source} shows; false when that is
   * not possible (the target's directory is not in the target's own layer, or holds a whiteout of that
   * name) and the caller must copy.
   */
  boolean link(Path source, SourceEntry entry, Path target) throws IOException {
    if (!source.startsWith(sourceMount) || !target.startsWith(targetMount)) {
      return false;
    }
    Path upperTarget = targetUpper.resolve(targetMount.relativize(target).toString());
    if (!upperTarget.getParent().equals(linkableDirectory)) {
      if (!Files.isDirectory(upperTarget.getParent(), NOFOLLOW)) {
        return false;
      }
      linkableDirectory = upperTarget.getParent();
    }
    String relative = sourceMount.relativize(source).toString();
    for (Path layer : sourceLayers) {
      Path candidate = layer.resolve(relative);
      long inode;
      try {
        inode = (Long) Files.getAttribute(candidate, "unix:ino", NOFOLLOW);
      } catch (NoSuchFileException e) {
        continue;
      }
      if (inode != entry.ino()) {
        return false;
      }
      try {
        files.createLink(upperTarget, candidate);
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      }
    }
    return false;
  }
}
