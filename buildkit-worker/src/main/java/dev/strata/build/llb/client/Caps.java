package dev.strata.build.llb.client;

/** The BuildKit capability ids (solver/pb/caps.go) an op's metadata declares it needs. */
final class Caps {
  static final String SOURCE_IMAGE = "source.image";
  static final String SOURCE_LOCAL = "source.local";
  static final String SOURCE_LOCAL_INCLUDE_PATTERNS = "source.local.includepatterns";
  static final String SOURCE_LOCAL_EXCLUDE_PATTERNS = "source.local.excludepatterns";
  static final String SOURCE_LOCAL_FOLLOW_PATHS = "source.local.followpaths";
  static final String SOURCE_LOCAL_SHARED_KEY_HINT = "source.local.sharedkeyhint";
  static final String SOURCE_HTTP = "source.http";
  static final String SOURCE_HTTP_CHECKSUM = "source.http.checksum";
  static final String EXEC_META_BASE = "exec.meta.base";
  static final String EXEC_META_SETS_DEFAULT_PATH = "exec.meta.setsdefaultpath";
  static final String EXEC_META_NETWORK = "exec.meta.network";
  static final String EXEC_META_SECURITY = "exec.meta.security";
  static final String EXEC_MOUNT_BIND = "exec.mount.bind";
  static final String EXEC_MOUNT_SELECTOR = "exec.mount.selector";
  static final String EXEC_MOUNT_CACHE = "exec.mount.cache";
  static final String EXEC_MOUNT_CACHE_SHARING = "exec.mount.cache.sharing";
  static final String EXEC_MOUNT_TMPFS = "exec.mount.tmpfs";
  static final String EXEC_MOUNT_TMPFS_SIZE = "exec.mount.tmpfs.size";
  static final String EXEC_MOUNT_SECRET = "exec.mount.secret";
  static final String FILE_BASE = "file.base";
  static final String FILE_COPY_INCLUDE_EXCLUDE_PATTERNS = "file.copy.includeexcludepatterns";
  static final String FILE_SYMLINK_CREATE = "file.symlink.create";
  static final String MERGE_OP = "mergeop";
  static final String DIFF_OP = "diffop";
  static final String CONSTRAINTS = "constraints";
  static final String PLATFORM = "platform";
  static final String META_IGNORE_CACHE = "meta.ignorecache";
  static final String META_DESCRIPTION = "meta.description";

  private Caps() {}
}
