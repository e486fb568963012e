package dev.strata.build.contenthash;

import dev.strata.build.image.Digest;
import dev.strata.build.ops.file.CopyFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * A digest of file trees as a copy with include and exclude patterns selects them: for each selected
 * entry, in name order, its path below the tree's top, type, permission bits, owner when asked, and
 * its content (a file's digest, a link's target, a device's number). Times do not count, as in
 * BuildKit's cache/contenthash. Directories that only lead to selected entries count as those
 * entries' parents, as the copy creates them.
 */
public final class TreeDigest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int TYPE_MASK = 0170000;
  private static final int DIRECTORY = 0040000;
  private static final int REGULAR = 0100000;
  private static final int SYMLINK = 0120000;

  private final FileDigestCache files;
  private final boolean owners;
  private final MessageDigest sha256 = Digest.newHasher();

  /**
   * @param owners whether entries' uid and gid count; not for trees whose copy sets one owner for all
   */
  public TreeDigest(FileDigestCache files, boolean owners) {
    this.files = files;
    this.owners = owners;
  }

  /** Adds a field that is not a tree entry, such as a selector or a matched path. */
  public TreeDigest addField(String field) {
    write(field);
    return this;
  }

  /** Adds the tree at {@code top} (a file, link or directory, or nothing), filtered by {@code filter}. */
  public TreeDigest addTree(Path top, CopyFilter filter) throws IOException {
    if (!Files.exists(top, NOFOLLOW)) {
      write("missing");
      return this;
    }
    visit(top, "", !filter.hasIncludes(), filter, new ArrayDeque<>());
    return this;
  }

  /** The digest of everything added, {@code sha256:<hex>}. */
  public String digest() {
    return Digest.ofHash(sha256.digest()).toString();
  }

  private void visit(Path file, String relative, boolean included, CopyFilter filter, Deque<Pending> parents)
      throws IOException {
    Map<String, Object> attributes = Files.readAttributes(file, FileDigestCache.ATTRIBUTES, NOFOLLOW);
    int mode = (Integer) attributes.get("mode");
    boolean directory = (mode & TYPE_MASK) == DIRECTORY;
    if (!relative.isEmpty()) {
      if (!included) {
        CopyFilter.Inclusion inclusion = filter.include(relative, directory);
        if (!inclusion.include()) {
          return;
        }
        included = inclusion.wholeSubtree();
      }
      if (filter.exclude(relative, directory)) {
        return;
      }
    }
    if (!directory) {
      writeParents(parents);
      writeEntry(file, relative, attributes);
      return;
    }
    Pending self = new Pending(file, relative, attributes);
    if (included) {
      writeParents(parents);
      writeEntry(file, relative, attributes);
    } else {
      parents.addLast(self);
    }
    for (Path child : children(file)) {
      String name = child.getFileName().toString();
      visit(child, relative.isEmpty() ? name : relative + "/" + name, included, filter, parents);
    }
    if (!included && parents.peekLast() == self) {
      parents.removeLast();
    }
  }

  private record Pending(Path file, String relative, Map<String, Object> attributes) {}

  private void writeParents(Deque<Pending> parents) throws IOException {
    while (!parents.isEmpty()) {
      Pending parent = parents.removeFirst();
      writeEntry(parent.file(), parent.relative(), parent.attributes());
    }
  }

  private static List<Path> children(Path directory) throws IOException {
    List<Path> children = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      entries.forEach(children::add);
    }
    children.sort(null);
    return children;
  }

  private void writeEntry(Path file, String relative, Map<String, Object> attributes) throws IOException {
    int mode = (Integer) attributes.get("mode");
    write("/" + relative);
    write(Integer.toOctalString(mode));
    if (owners) {
      write(attributes.get("uid") + ":" + attributes.get("gid"));
    }
    switch (mode & TYPE_MASK) {
      case DIRECTORY -> write("");
      case REGULAR -> write(files.digest(file, attributes));
      case SYMLINK -> write(Files.readSymbolicLink(file).toString());
      default -> write(String.valueOf(attributes.get("rdev")));
    }
  }

  private void write(String field) {
    byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
    sha256.update(new byte[] {(byte) (bytes.length >>> 24), (byte) (bytes.length >>> 16), (byte) (bytes.length >>> 8), (byte) bytes.length});
    sha256.update(bytes);
  }
}
