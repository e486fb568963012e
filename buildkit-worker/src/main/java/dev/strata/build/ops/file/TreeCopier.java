package dev.strata.build.ops.file;

import dev.strata.build.layer.Posix;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Copies a file or directory tree as fsutil's copier does ({@code cp -a} semantics with BuildKit's
 * overrides): filters by include and exclude patterns, keeps hard links, recreates fifos, device
 * nodes and sockets with {@code mknod} (as fsutil does, a socket is a bare node nothing listens on),
 * and sets owner, mode and times from the source unless overridden. Targets are never followed: an existing non-directory
 * target is replaced, a directory is merged into.
 *
 * <p>A {@linkplain #mirroring mirroring} copier instead makes its target equal to the selection,
 * changing only what differs, so that on an overlay mount the upper directory records exactly the
 * differences: an entry whose type, permission bits, owner, modification time, size, link target,
 * device number or content (as its {@link SameContent} judges) differs from its source's is replaced
 * whatever its type, a directory gets its source's metadata only where it differs, an entry that
 * matches is not written to at all, and what the selection does not have is removed. Extended
 * attributes are not compared.
 */
public final class TreeCopier {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  /** What a copy overrides. Empty means "as the source has it". */
  public record Overrides(Optional<FileOwner> owner, Optional<Integer> mode, Optional<Instant> time) {
    public static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether a regular file already in a mirrored target, of its source's size, has its source's content. */
  @FunctionalInterface
  public interface SameContent {
    /** Compares the bytes. */
    SameContent BYTES = (source, target) -> Files.mismatch(source, target) < 0;

    boolean test(Path source, Path target) throws IOException;
  }

  /** Told of each regular file a mirroring copy created as a new copy of its source, with its metadata set. */
  @FunctionalInterface
  public interface CopiedFile {
    CopiedFile IGNORE = (source, target) -> {};

    void copied(Path source, Path target) throws IOException;
  }

  private final Overrides overrides;
  private final CopyFilter filter;
  private final Optional<SameContent> mirror;
  private final Optional<LayerLinker> linker;
  private final CopiedFile copied;
  private final Set<String> kept = new HashSet<>();
  private final Set<String> keptDirectories = new HashSet<>();
  private final Map<Object, Path> linkedInodes = new HashMap<>();

  public TreeCopier(Overrides overrides, CopyFilter filter) {
    this(overrides, filter, Optional.empty(), Optional.empty(), CopiedFile.IGNORE);
  }

  private TreeCopier(
      Overrides overrides, CopyFilter filter, Optional<SameContent> mirror, Optional<LayerLinker> linker, CopiedFile copied) {
    this.overrides = overrides;
    this.filter = filter;
    this.mirror = mirror;
    this.linker = linker;
    this.copied = copied;
  }

  /** A copier that hard links regular files it copies unchanged with {@code linker} where it can. */
  static TreeCopier linking(Overrides overrides, CopyFilter filter, LayerLinker linker) {
    return new TreeCopier(overrides, filter, Optional.empty(), Optional.of(linker), CopiedFile.IGNORE);
  }

  /**
   * A copier for {@link #mirrorContents}, which keeps a regular file when {@code sameContent} says so
   * and tells {@code copied} of each one it copies.
   */
  public static TreeCopier mirroring(Overrides overrides, CopyFilter filter, SameContent sameContent, CopiedFile copied) {
    return new TreeCopier(overrides, filter, Optional.of(sameContent), Optional.empty(), copied);
  }

  /**
   * Copies everything inside directory {@code source} into the existing directory {@code target} as
   * it is (owners, modes, times, symlinks, hard links), for an exporter.
   */
  public static void copyTreeContents(Path source, Path target) throws IOException {
    new TreeCopier(Overrides.NONE, CopyFilter.EVERYTHING).copyContents(source, target);
  }

  /** Copies {@code source} to {@code target}; {@code target}'s parent exists. */
  void copy(Path source, Path target) throws IOException {
    copy(source, "", target, false, !filter.hasIncludes());
  }

  /** Copies what is inside the directory {@code source} into the existing directory {@code target}, and its metadata. */
  public void copyContents(Path source, Path target) throws IOException {
    copy(source, "", target, true, !filter.hasIncludes());
  }

  /**
   * Makes the existing directory {@code target} hold what is selected inside the directory
   * {@code source}, and nothing else; only for a {@linkplain #mirroring mirroring} copier.
   */
  public void mirrorContents(Path source, Path target) throws IOException {
    if (mirror.isEmpty()) {
      throw new IllegalStateException("not a mirroring copier");
    }
    kept.clear();
    keptDirectories.clear();
    copyContents(source, target);
    removeUnkept(source, target, "");
  }

  private void copy(Path source, String relative, Path target, boolean overwriteTargetMetadata, boolean included)
      throws IOException {
    copy(source, relative, target, overwriteTargetMetadata, included, false);
  }

  /** {@code freshParent}: {@code target}'s parent was empty when this copy came to it, so {@code target} cannot exist. */
  private void copy(
      Path source, String relative, Path target, boolean overwriteTargetMetadata, boolean included, boolean freshParent)
      throws IOException {
    SourceEntry entry = SourceEntry.read(source);
    boolean directory = entry.isDirectory();
    boolean includedByPattern = false;
    if (!relative.isEmpty()) {
      if (!included) {
        CopyFilter.Inclusion inclusion = filter.include(relative, directory);
        if (!inclusion.include()) {
          return;
        }
        includedByPattern = true;
        included = inclusion.wholeSubtree();
      }
      if (filter.exclude(relative, directory)) {
        return;
      }
    }
    if (mirror.isPresent()) {
      keep(relative, directory);
    }
    if (!directory) {
      if (includedByPattern) {
        createParentDirectories(source, relative, target);
      }
      if (mirror.isPresent() && !freshParent) {
        if (matches(source, entry, target)) {
          return;
        }
        FileActions.deleteRecursively(target);
      } else if (!freshParent) {
        removeNonDirectory(target);
      }
    } else if (included) {
      createParentDirectories(source, relative, target);
    }
    if (directory) {
      boolean created = copyDirectory(source, relative, target, overwriteTargetMetadata, included);
      if (created || overwriteTargetMetadata && included && !mirrorKeepsMetadata(target, entry)) {
        copyMetadata(source, target, entry);
      }
    } else if (entry.isRegularFile()) {
      if (copyRegularFile(source, target, entry)) {
        copyOverriddenMetadata(source, target, entry);
        copied.copied(source, target);
      }
    } else if (entry.isSymbolicLink()) {
      Files.createSymbolicLink(target, Files.readSymbolicLink(source));
      copyMetadata(source, target, entry);
    } else if (entry.isNode()) {
      Posix.mknod(target, entry.mode(), (Long) Files.getAttribute(source, "unix:rdev", NOFOLLOW));
      copyMetadata(source, target, entry);
    } else {
      throw new IOException("failed to copy " + relative + ": unsupported file type " + Integer.toOctalString(entry.mode()));
    }
  }

  private boolean copyDirectory(
      Path source, String relative, Path target, boolean overwriteTargetMetadata, boolean included)
      throws IOException {
    boolean created = false;
    if (mirror.isPresent() && Files.exists(target, NOFOLLOW) && !Files.isDirectory(target, NOFOLLOW)) {
      Files.delete(target);
    }
    if (included) {
      // a mirror sets an existing directory's metadata after its entries, and only where it differs
      created = createDirectoryOnly(source, target, overwriteTargetMetadata && mirror.isEmpty());
    }
    boolean fresh = created || isEmptyDirectory(target);
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(source)) {
      entries.forEach(children::add);
    }
    children.sort(null);
    for (Path child : children) {
      String name = child.getFileName().toString();
      copy(child, relative.isEmpty() ? name : relative + "/" + name, target.resolve(name), true, included, fresh);
    }
    return created;
  }

  /** Whether {@code path} is a directory without entries, into which a copy need not look for existing targets. */
  private static boolean isEmptyDirectory(Path path) throws IOException {
    if (!Files.isDirectory(path, NOFOLLOW)) {
      return false;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      return !entries.iterator().hasNext();
    }
  }

  private static boolean createDirectoryOnly(Path source, Path target, boolean overwriteTargetMetadata)
      throws IOException {
    if (!Files.exists(target, NOFOLLOW)) {
      Files.createDirectory(target);
      return true;
    }
    if (!Files.isDirectory(target, NOFOLLOW)) {
      throw new IOException("failed to copy to " + target.getFileName() + ": cannot copy to non-directory");
    }
    if (overwriteTargetMetadata) {
      FileAttributes.chmod(target, FileAttributes.mode(source));
    }
    return false;
  }

  /** Marks {@code relative} and the directories leading to it as part of the mirrored selection. */
  private void keep(String relative, boolean directory) {
    if (directory) {
      keptDirectories.add(relative);
    }
    for (String path = relative; kept.add(path) && !path.isEmpty(); ) {
      int slash = path.lastIndexOf('/');
      path = slash < 0 ? "" : path.substring(0, slash);
      keptDirectories.add(path);
    }
  }

  /** Whether the existing non-directory {@code target} is what copying {@code source} would make of it. */
  private boolean matches(Path source, SourceEntry entry, Path target) throws IOException {
    if (!Files.exists(target, NOFOLLOW)) {
      return false;
    }
    SourceEntry existing = SourceEntry.read(target);
    if (!hasMetadata(existing, entry)) {
      return false;
    }
    if (entry.isRegularFile()) {
      return existing.size() == entry.size() && mirror.get().test(source, target);
    }
    if (entry.isSymbolicLink()) {
      return Files.readSymbolicLink(source).equals(Files.readSymbolicLink(target));
    }
    // a device node, fifo or socket
    return Files.getAttribute(source, "unix:rdev", NOFOLLOW).equals(Files.getAttribute(target, "unix:rdev", NOFOLLOW));
  }

  /** Whether a mirror leaves the existing directory {@code target} as it is, as it has its source's metadata. */
  private boolean mirrorKeepsMetadata(Path target, SourceEntry entry) throws IOException {
    return mirror.isPresent() && hasMetadata(SourceEntry.read(target), entry);
  }

  /** Whether {@code existing} has the type, permission bits, owner and modification time of a copy of {@code entry}. */
  private boolean hasMetadata(SourceEntry existing, SourceEntry entry) {
    return existing.mode() >>> 12 == entry.mode() >>> 12
        && (existing.mode() & 07777) == (overrides.mode().orElse(entry.mode()) & 07777)
        && existing.owner().equals(overrides.owner().orElse(entry.owner()))
        && existing.modified().equals(overrides.time().map(FileTime::from).orElse(entry.modified()));
  }

  /** Removes what is not kept below {@code directory}, the copy of {@code source}, keeping its times. */
  private void removeUnkept(Path source, Path directory, String relative) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      entries.forEach(children::add);
    }
    boolean removed = false;
    for (Path child : children) {
      String name = child.getFileName().toString();
      String childRelative = relative.isEmpty() ? name : relative + "/" + name;
      if (!kept.contains(childRelative)) {
        FileActions.deleteRecursively(child);
        removed = true;
      } else if (keptDirectories.contains(childRelative)) {
        removeUnkept(source.resolve(name), child, childRelative);
      }
    }
    if (removed) {
      copyMetadata(source, directory, SourceEntry.read(source));
    }
  }

  /** Creates the directories between the copy's root and an entry selected by an include pattern. */
  private void createParentDirectories(Path source, String relative, Path target) throws IOException {
    if (!filter.hasIncludes()) {
      return;
    }
    int depth = PathPattern.split(relative).size() - 1;
    List<Path[]> parents = new ArrayList<>();
    Path sourceParent = source;
    Path targetParent = target;
    for (int i = 0; i < depth; i++) {
      sourceParent = sourceParent.getParent();
      targetParent = targetParent.getParent();
      parents.add(0, new Path[] {sourceParent, targetParent});
    }
    for (Path[] pair : parents) {
      if (!Files.isDirectory(pair[0])) {
        throw new IOException("failed to copy: " + pair[0].getFileName() + " is not a directory");
      }
      if (createDirectoryOnly(pair[0], pair[1], false)) {
        copyMetadata(pair[0], pair[1], SourceEntry.read(pair[0]));
      }
    }
  }

  private static void removeNonDirectory(Path target) throws IOException {
    if (Files.isDirectory(target, NOFOLLOW)) {
      throw new IOException("failed to copy: cannot replace directory " + target.getFileName() + " with a file");
    }
    Files.deleteIfExists(target);
  }

  /**
   * Copies a regular file with its owner, mode, times and extended attributes, or links it to an
   * earlier copy of the same inode; true when it made a new copy.
   */
  private boolean copyRegularFile(Path source, Path target, SourceEntry entry) throws IOException {
    Path first = entry.links() > 1 ? linkedInodes.get(entry.inode()) : null;
    if (first != null) {
      Files.createLink(target, first);
      return false;
    }
    if (keepsAttributes(entry) && linker.isPresent() && linker.get().link(source, entry, target)) {
      return false;
    }
    if (entry.links() > 1) {
      linkedInodes.put(entry.inode(), target);
    }
    try {
      Files.copy(source, target, NOFOLLOW, StandardCopyOption.COPY_ATTRIBUTES);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("failed to copy to " + target.getFileName() + ": it appeared during the copy", e);
    }
    return true;
  }

  /** Whether the copy of {@code entry} has its owner, mode and times, so that it may share its inode. */
  private boolean keepsAttributes(SourceEntry entry) {
    return overrides.owner().map(entry.owner()::equals).orElse(true)
        && overrides.mode().map(mode -> (mode & 07777) == (entry.mode() & 07777)).orElse(true)
        && overrides.time().isEmpty();
  }

  /**
   * Applies the overrides to a copy that already has its source's owner, mode and extended attributes;
   * a chown clears {@code security.capability}, so they are copied again after one.
   */
  private void copyOverriddenMetadata(Path source, Path target, SourceEntry entry) throws IOException {
    boolean chowned = overrides.owner().isPresent() && !overrides.owner().get().equals(entry.owner());
    if (chowned) {
      FileAttributes.chown(target, overrides.owner());
    }
    int mode = overrides.mode().orElse(entry.mode()) & 07777;
    // chown clears the setuid and setgid bits
    if (chowned || mode != (entry.mode() & 07777)) {
      FileAttributes.chmod(target, mode);
    }
    if (chowned) {
      Posix.copyXattrs(source, target);
    }
    // Files.copy keeps times to the microsecond only
    if (overrides.time().isPresent()) {
      FileAttributes.setTimes(target, overrides.time());
    } else {
      FileAttributes.setTimes(target, entry.modified(), entry.accessed());
    }
  }

  /**
   * Owner and mode, then extended attributes, which come after the chown as in containerd's and
   * fsutil's copiers since a chown clears {@code security.capability}, then times.
   */
  private void copyMetadata(Path source, Path target, SourceEntry entry) throws IOException {
    FileOwner owner = overrides.owner().orElse(entry.owner());
    FileAttributes.chown(target, owner.uid(), owner.gid());
    if (!entry.isSymbolicLink()) {
      FileAttributes.chmod(target, overrides.mode().orElse(entry.mode()));
    }
    Posix.copyXattrs(source, target);
    if (overrides.time().isPresent()) {
      FileAttributes.setTimes(target, overrides.time());
    } else {
      FileAttributes.setTimes(target, entry.modified(), entry.accessed());
    }
  }
}
