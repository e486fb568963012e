package dev.strata.build.ops.file;

import dev.strata.build.llb.pb.FileActionCopy;
import dev.strata.build.llb.pb.FileActionMkDir;
import dev.strata.build.llb.pb.FileActionMkFile;
import dev.strata.build.llb.pb.FileActionRm;
import dev.strata.build.llb.pb.FileActionSymlink;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The five file actions on a mounted root, with BuildKit's file backend semantics. Every path is
 * resolved inside the root by {@link RootPath}. Permission bits are set exactly as asked, whatever
 * the process umask.
 */
final class FileActions {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  private FileActions() {}

  static void mkdir(Path root, FileActionMkDir action, Optional<FileOwner> owner) throws IOException {
    Path path = RootPath.resolve(root, action.getPath());
    Optional<Instant> time = FileAttributes.timestamp(action.getTimestamp());
    if (action.getMakeParents()) {
      mkdirAll(root, path, action.getMode() & 0777, owner, time);
      return;
    }
    try {
      Files.createDirectory(path);
    } catch (FileAlreadyExistsException e) {
      return;
    }
    FileAttributes.chmod(path, action.getMode() & 0777);
    FileAttributes.chown(path, owner);
    FileAttributes.setTimes(path, time);
  }

  static void mkfile(Path root, FileActionMkFile action, Optional<FileOwner> owner) throws IOException {
    Path path = RootPath.resolve(root, "/" + action.getPath());
    Files.write(
        path,
        action.getData().toByteArray(),
        StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    FileAttributes.chmod(path, action.getMode() & 0777);
    FileAttributes.chown(path, owner);
    FileAttributes.setTimes(path, FileAttributes.timestamp(action.getTimestamp()));
  }

  static void symlink(Path root, FileActionSymlink action, Optional<FileOwner> owner) throws IOException {
    Path path = RootPath.resolve(root, "/" + action.getNewpath());
    Files.createSymbolicLink(path, Path.of(action.getOldpath()));
    FileAttributes.chown(path, owner);
    FileAttributes.setTimes(path, FileAttributes.timestamp(action.getTimestamp()));
  }

  static void rm(Path root, FileActionRm action) throws IOException {
    if (!action.getAllowWildcard()) {
      rmPath(root, action.getPath(), action.getAllowNotFound());
      return;
    }
    for (String match : Wildcards.resolve(root, action.getPath(), false)) {
      rmPath(root, match, action.getAllowNotFound());
    }
  }

  /** Removes the last component itself, never what a symbolic link there points to. */
  private static void rmPath(Path root, String path, boolean allowNotFound) throws IOException {
    List<String> components = PathPattern.split(path);
    if (components.isEmpty()) {
      throw new IOException("failed to remove " + path + ": invalid empty path");
    }
    Path parent = RootPath.resolve(root, "/" + String.join("/", components.subList(0, components.size() - 1)));
    Path target = parent.resolve(components.get(components.size() - 1));
    if (!allowNotFound && !Files.exists(target)) {
      throw new IOException("failed to remove " + path + ": no such file or directory");
    }
    deleteRecursively(target);
  }

  /** {@code linker}: what may give unchanged copies of regular files their source's inode. */
  static void copy(
      Path sourceRoot, Path destRoot, FileActionCopy action, Optional<FileOwner> owner, Optional<LayerLinker> linker)
      throws IOException {
    String dest = cleanPath(action.getDest());
    if (!action.getCreateDestPath()) {
      Path parent = RootPath.resolve(destRoot, dest).getParent();
      if (parent == null || !Files.exists(parent, NOFOLLOW)) {
        throw new IOException("failed to stat " + action.getDest() + ": no such file or directory");
      }
    }
    String source = cleanPath(action.getSrc());
    List<String> sources = List.of(source);
    if (action.getAllowWildcard()) {
      sources = Wildcards.resolve(sourceRoot, source, action.getFollowSymlink());
      if (sources.isEmpty()) {
        if (action.getAllowEmptyWildcard()) {
          return;
        }
        throw new IOException("failed to copy " + action.getSrc() + ": not found");
      }
    }
    Optional<Instant> time = FileAttributes.timestamp(action.getTimestamp());
    Optional<Integer> mode = action.getMode() == -1 ? Optional.empty() : Optional.of(action.getMode());
    TreeCopier.Overrides overrides = new TreeCopier.Overrides(owner, mode, time);
    for (String match : sources) {
      copyOne(sourceRoot, match, destRoot, dest, action, overrides, linker);
    }
  }

  private static void copyOne(
      Path sourceRoot,
      String source,
      Path destRoot,
      String dest,
      FileActionCopy action,
      TreeCopier.Overrides overrides,
      Optional<LayerLinker> linker)
      throws IOException {
    Optional<FileOwner> owner = overrides.owner();
    Optional<Instant> time = overrides.time();
    if (dest.endsWith("/") || dest.endsWith("/.")) {
      mkdirAll(destRoot, RootPath.resolve(destRoot, dest), 0755, owner, time);
    } else {
      mkdirAll(destRoot, RootPath.resolve(destRoot, parentOf(dest)), 0755, owner, time);
    }
    Path target = RootPath.resolve(destRoot, dest);
    Path sourcePath = RootPath.resolve(sourceRoot, source, action.getFollowSymlink());
    if (!Files.exists(sourcePath, NOFOLLOW)) {
      throw new IOException("failed to copy " + source + ": no such file or directory");
    }
    if (action.getAttemptUnpackDockerCompatibility() && TarUnpacking.isArchive(sourcePath)) {
      mkdirAll(destRoot, target, 0755, owner, time);
      TarUnpacking.unpack(sourcePath, target);
      return;
    }
    boolean sourceIsDirectory = Files.isDirectory(sourcePath, NOFOLLOW);
    boolean targetExists = Files.exists(target);
    boolean copyContents = action.getDirCopyContents();
    if ((!copyContents && sourceIsDirectory && targetExists)
        || (!sourceIsDirectory && targetExists && Files.isDirectory(target))) {
      target = target.resolve(baseName(source));
    }
    Path directory = copyContents && sourceIsDirectory && !targetExists ? target : target.getParent();
    mkdirAll(destRoot, directory, 0755, owner, time);
    CopyFilter filter = new CopyFilter(action.getIncludePatternsList(), action.getExcludePatternsList());
    linker.map(l -> TreeCopier.linking(overrides, filter, l)).orElseGet(() -> new TreeCopier(overrides, filter))
        .copy(sourcePath, target);
  }

  /** Creates {@code path} and its missing parents below {@code root}, setting owner and time on those it creates. */
  static void mkdirAll(Path root, Path path, int mode, Optional<FileOwner> owner, Optional<Instant> time)
      throws IOException {
    if (!path.startsWith(root) || Files.isDirectory(path)) {
      return;
    }
    if (Files.exists(path, NOFOLLOW)) {
      throw new IOException("failed to create directory /" + root.relativize(path) + ": not a directory");
    }
    mkdirAll(root, path.getParent(), mode, owner, time);
    Files.createDirectory(path);
    FileAttributes.chmod(path, mode);
    FileAttributes.chown(path, owner);
    FileAttributes.setTimes(path, time);
  }

  static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path, NOFOLLOW)) {
      return;
    }
    if (Files.isDirectory(path, NOFOLLOW)) {
      try (Stream<Path> children = Files.list(path)) {
        for (Path child : children.sorted(Comparator.reverseOrder()).toList()) {
          deleteRecursively(child);
        }
      }
    }
    Files.delete(path);
  }

  /** BuildKit's cleanPath: absolute and clean, keeping a trailing "/" or "/.". */
  static String cleanPath(String path) {
    String clean = "/" + String.join("/", PathPattern.split(path));
    if (path.endsWith("/.")) {
      return clean.equals("/") ? "/." : clean + "/.";
    }
    if (path.endsWith("/") && !clean.equals("/")) {
      return clean + "/";
    }
    return clean;
  }

  private static String parentOf(String path) {
    List<String> components = PathPattern.split(path);
    if (components.size() <= 1) {
      return "/";
    }
    return "/" + String.join("/", components.subList(0, components.size() - 1));
  }

  private static String baseName(String path) {
    List<String> components = PathPattern.split(path);
    return components.isEmpty() ? "" : components.get(components.size() - 1);
  }
}
