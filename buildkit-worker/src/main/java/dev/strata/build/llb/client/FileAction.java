package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.FileActionCopy;
import dev.strata.build.llb.pb.FileActionMkDir;
import dev.strata.build.llb.pb.FileActionMkFile;
import dev.strata.build.llb.pb.FileActionRm;
import dev.strata.build.llb.pb.FileActionSymlink;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One change to a filesystem, applied by {@link State#file}. Options change this builder; the
 * state reads it once. Paths are used as given. Unset times write -1 (keep/now, as BuildKit).
 */
public abstract sealed class FileAction {
  private static final long NO_TIME = -1;

  private FileAction() {}

  public static Mkdir mkdir(String path, int mode) {
    return new Mkdir(path, mode);
  }

  public static Mkfile mkfile(String path, int mode, byte[] data) {
    return new Mkfile(path, mode, data);
  }

  public static Rm rm(String path) {
    return new Rm(path);
  }

  /** Copies {@code src} of state {@code from} to {@code dest}. */
  public static Copy copy(State from, String src, String dest) {
    return new Copy(from, src, dest);
  }

  /** Creates {@code newpath}, a symlink pointing at {@code oldpath}. */
  public static Symlink symlink(String oldpath, String newpath) {
    return new Symlink(oldpath, newpath);
  }

  /** The state this action reads besides its target, if any. */
  Optional<State> secondary() {
    return Optional.empty();
  }

  /** Capabilities the action needs beyond file.base. */
  Set<String> caps() {
    return Set.of();
  }

  /** Sets the action's body on {@code action}; {@code target} is the action's input index. */
  abstract void writeTo(dev.strata.build.llb.pb.FileAction.Builder action, long target);

  private static long nanos(Instant time) {
    return time == null ? NO_TIME : time.getEpochSecond() * 1_000_000_000L + time.getNano();
  }

  /** Creates a directory. */
  public static final class Mkdir extends FileAction {
    private final String path;
    private final int mode;
    private boolean makeParents;
    private Owner owner;
    private Instant createdAt;

    private Mkdir(String path, int mode) {
      this.path = Objects.requireNonNull(path, "path");
      this.mode = mode;
    }

    public Mkdir makeParents() {
      this.makeParents = true;
      return this;
    }

    public Mkdir owner(Owner owner) {
      this.owner = owner;
      return this;
    }

    public Mkdir createdAt(Instant time) {
      this.createdAt = time;
      return this;
    }

    @Override
    void writeTo(dev.strata.build.llb.pb.FileAction.Builder action, long target) {
      FileActionMkDir.Builder mkdir = FileActionMkDir.newBuilder()
          .setPath(path).setMode(mode).setMakeParents(makeParents).setTimestamp(nanos(createdAt));
      if (owner != null) {
        mkdir.setOwner(owner.toProto(target));
      }
      action.setMkdir(mkdir);
    }
  }

  /** Creates a file with the given contents. */
  public static final class Mkfile extends FileAction {
    private final String path;
    private final int mode;
    private final byte[] data;
    private Owner owner;
    private Instant createdAt;

    private Mkfile(String path, int mode, byte[] data) {
      this.path = Objects.requireNonNull(path, "path");
      this.mode = mode;
      this.data = data.clone();
    }

    public Mkfile owner(Owner owner) {
      this.owner = owner;
      return this;
    }

    public Mkfile createdAt(Instant time) {
      this.createdAt = time;
      return this;
    }

    @Override
    void writeTo(dev.strata.build.llb.pb.FileAction.Builder action, long target) {
      FileActionMkFile.Builder mkfile = FileActionMkFile.newBuilder().setPath(path).setMode(mode)
          .setData(com.google.protobuf.ByteString.copyFrom(data)).setTimestamp(nanos(createdAt));
      if (owner != null) {
        mkfile.setOwner(owner.toProto(target));
      }
      action.setMkfile(mkfile);
    }
  }

  /** Removes a path. */
  public static final class Rm extends FileAction {
    private final String path;
    private boolean allowNotFound;
    private boolean allowWildcard;

    private Rm(String path) {
      this.path = Objects.requireNonNull(path, "path");
    }

    public Rm allowNotFound() {
      this.allowNotFound = true;
      return this;
    }

    public Rm allowWildcard() {
      this.allowWildcard = true;
      return this;
    }

    @Override
    void writeTo(dev.strata.build.llb.pb.FileAction.Builder action, long target) {
      action.setRm(FileActionRm.newBuilder().setPath(path).setAllowNotFound(allowNotFound).setAllowWildcard(allowWildcard));
    }
  }

  /** Copies from another state (or an earlier result) onto the target. */
  public static final class Copy extends FileAction {
    private static final int KEEP_MODE = -1;

    private final State from;
    private final String src;
    private final String dest;
    private int mode = KEEP_MODE;
    private Owner owner;
    private Instant createdAt;
    private boolean followSymlinks;
    private boolean dirCopyContents;
    private boolean createDestPath;
    private boolean allowWildcard;
    private boolean allowEmptyWildcard;
    private boolean attemptUnpack;
    private List<String> includePatterns = List.of();
    private List<String> excludePatterns = List.of();

    private Copy(State from, String src, String dest) {
      this.from = Objects.requireNonNull(from, "from");
      this.src = Objects.requireNonNull(src, "src");
      this.dest = Objects.requireNonNull(dest, "dest");
    }

    /** Permission bits for what is copied, instead of the source's. */
    public Copy mode(int mode) {
      this.mode = mode;
      return this;
    }

    public Copy owner(Owner owner) {
      this.owner = owner;
      return this;
    }

    public Copy createdAt(Instant time) {
      this.createdAt = time;
      return this;
    }

    public Copy followSymlinks() {
      this.followSymlinks = true;
      return this;
    }

    /** A source directory's contents go into dest, not the directory itself. */
    public Copy dirCopyContents() {
      this.dirCopyContents = true;
      return this;
    }

    public Copy createDestPath() {
      this.createDestPath = true;
      return this;
    }

    public Copy allowWildcard() {
      this.allowWildcard = true;
      return this;
    }

    public Copy allowEmptyWildcard() {
      this.allowEmptyWildcard = true;
      return this;
    }

    /** A source that is a tar archive (plain or compressed) is extracted into dest, as Dockerfile ADD does. */
    public Copy attemptUnpack() {
      this.attemptUnpack = true;
      return this;
    }

    public Copy includePatterns(List<String> patterns) {
      this.includePatterns = List.copyOf(patterns);
      return this;
    }

    public Copy excludePatterns(List<String> patterns) {
      this.excludePatterns = List.copyOf(patterns);
      return this;
    }

    @Override
    Optional<State> secondary() {
      return Optional.of(from);
    }

    @Override
    Set<String> caps() {
      return includePatterns.isEmpty() && excludePatterns.isEmpty()
          ? Set.of() : Set.of(Caps.FILE_COPY_INCLUDE_EXCLUDE_PATTERNS);
    }

    @Override
    void writeTo(dev.strata.build.llb.pb.FileAction.Builder action, long target) {
      FileActionCopy.Builder copy = FileActionCopy.newBuilder()
          .setSrc(src).setDest(dest).setMode(mode)
          .setFollowSymlink(followSymlinks).setDirCopyContents(dirCopyContents)
          .setCreateDestPath(createDestPath).setAllowWildcard(allowWildcard)
          .setAllowEmptyWildcard(allowEmptyWildcard).setTimestamp(nanos(createdAt))
          .setAttemptUnpackDockerCompatibility(attemptUnpack)
          .addAllIncludePatterns(includePatterns).addAllExcludePatterns(excludePatterns);
      if (owner != null) {
        copy.setOwner(owner.toProto(target));
      }
      action.setCopy(copy);
    }
  }

  /** Creates a symlink. */
  public static final class Symlink extends FileAction {
    private final String oldpath;
    private final String newpath;
    private Owner owner;
    private Instant createdAt;

    private Symlink(String oldpath, String newpath) {
      this.oldpath = Objects.requireNonNull(oldpath, "oldpath");
      this.newpath = Objects.requireNonNull(newpath, "newpath");
    }

    public Symlink owner(Owner owner) {
      this.owner = owner;
      return this;
    }

    public Symlink createdAt(Instant time) {
      this.createdAt = time;
      return this;
    }

    @Override
    Set<String> caps() {
      return Set.of(Caps.FILE_SYMLINK_CREATE);
    }

    @Override
    void writeTo(dev.strata.build.llb.pb.FileAction.Builder action, long target) {
      FileActionSymlink.Builder symlink = FileActionSymlink.newBuilder()
          .setOldpath(oldpath).setNewpath(newpath).setTimestamp(nanos(createdAt));
      if (owner != null) {
        symlink.setOwner(owner.toProto(target));
      }
      action.setSymlink(symlink);
    }
  }
}
