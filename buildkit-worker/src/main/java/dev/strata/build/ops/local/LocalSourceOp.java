package dev.strata.build.ops.local;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.contenthash.TreeDigest;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.ContentKeyedOp;
import dev.strata.build.ops.MountedSnapshot;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.OpFactory;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.file.CopyFilter;
import dev.strata.build.ops.file.FileOwner;
import dev.strata.build.ops.file.TreeCopier;
import dev.strata.snapshots.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A {@code local://NAME} source: copies the session's directory NAME, as its include, exclude and
 * follow paths select it, into a new snapshot. Entries keep their modes, times and hard links and are
 * owned by 0:0, as BuildKit's clients send them (they reset uid and gid before the transfer).
 *
 * <p>Each source (its name, directory and patterns) keeps its last copy: the next one is a snapshot
 * on it that only changes what changed, as BuildKit's local source syncs into its last transfer, up
 * to {@link #MAX_CHAIN} snapshots deep; then the copy starts again from scratch.
 *
 * <p>The cache key is the digest of the selected content, so an identical directory is a cache hit in
 * any build; file digests are remembered in the {@link FileDigestCache} the factory was given, for the
 * copies too.
 */
public final class LocalSourceOp implements ContentKeyedOp {
  static final String CACHE_TYPE = "strata.local.v0";
  /** How many snapshots a chain of synced copies may stack; each one is a lower layer in later mounts. */
  public static final int MAX_CHAIN = 8;
  private static final TreeCopier.Overrides ROOT_OWNED =
      new TreeCopier.Overrides(Optional.of(new FileOwner(0, 0)), Optional.empty(), Optional.empty());

  /** A source's last copy and how many snapshots its chain stacks below it. */
  private record LastCopy(CommittedSnapshot snapshot, int depth) {}

  private final LocalSource source;
  private final FileDigestCache files;
  private final ConcurrentMap<String, LastCopy> lastCopies;

  private LocalSourceOp(LocalSource source, FileDigestCache files, ConcurrentMap<String, LastCopy> lastCopies) {
    this.source = source;
    this.files = files;
    this.lastCopies = lastCopies;
  }

  /** The factory for local sources, sharing {@code files} and the sources' last copies across every build it serves. */
  public static OpFactory factory(FileDigestCache files) {
    ConcurrentMap<String, LastCopy> lastCopies = new ConcurrentHashMap<>();
    return vertex -> new LocalSourceOp(LocalSource.of(vertex.op().getSource()), files, lastCopies);
  }

  @Override
  public String contentKey(Session session) throws IOException {
    Path directory = directory(session);
    String content = new TreeDigest(files, false).addTree(directory, filter(directory)).digest();
    return CacheKeys.of(CACHE_TYPE, content.getBytes(StandardCharsets.UTF_8), List.of());
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws IOException {
    Path directory = directory(context.session());
    String sourceKey = source + "\0" + directory;
    LastCopy last = lastCopies.get(sourceKey);
    int depth = last == null || last.depth() + 1 >= MAX_CHAIN ? 0 : last.depth() + 1;
    try (MountedSnapshot snapshot = prepare(context, depth == 0 ? CommittedSnapshot.SCRATCH : last.snapshot())) {
      TreeCopier.mirroring(ROOT_OWNED, filter(directory), this::sameContent, files::rememberCopy)
          .mirrorContents(directory, snapshot.dir());
      CommittedSnapshot copy = snapshot.commit();
      lastCopies.put(sourceKey, new LastCopy(copy, depth));
      return List.of(copy);
    }
  }

  /** A snapshot on {@code parent}, or on scratch when {@code parent}, an earlier copy, was pruned since. */
  private static MountedSnapshot prepare(OpContext context, CommittedSnapshot parent) throws IOException {
    try {
      return MountedSnapshot.writable(context, parent);
    } catch (NotFoundException e) {
      return MountedSnapshot.writable(context, CommittedSnapshot.SCRATCH);
    }
  }

  private boolean sameContent(Path original, Path copy) throws IOException {
    return files.digest(original).equals(files.digest(copy));
  }

  private Path directory(Session session) throws IOException {
    Path directory = session.locals().get(source.name());
    if (directory == null) {
      throw new UnknownLocalException(source.name());
    }
    if (!Files.isDirectory(directory)) {
      throw new IOException("failed to read local source " + source.name() + ": " + directory + " is not a directory");
    }
    return directory.toRealPath();
  }

  private CopyFilter filter(Path directory) throws IOException {
    List<String> includes = new ArrayList<>(source.includePatterns());
    includes.addAll(FollowPaths.resolve(directory, source.followPaths()));
    return new CopyFilter(includes, source.excludePatterns());
  }
}
