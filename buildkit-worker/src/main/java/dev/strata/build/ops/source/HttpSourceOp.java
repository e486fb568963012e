package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Digest;
import dev.strata.build.ops.CacheKeys;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.DefinitionKeyedOp;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.snapshot.ActiveSnapshot;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/** An {@code http(s)://} source: a snapshot on scratch that holds the downloaded file, by content digest. */
final class HttpSourceOp implements DefinitionKeyedOp {
  static final String CACHE_TYPE = "strata.source.http.v0";

  private final ContentStore content;
  private final HttpDownloader downloader;
  private final URI url;
  private final Digest digest;
  private final String filename;
  private final HttpSourceAttributes attributes;

  HttpSourceOp(ContentStore content, HttpDownloader downloader, URI url, Digest digest, HttpSourceAttributes attributes) {
    this.content = content;
    this.downloader = downloader;
    this.url = url;
    this.digest = digest;
    this.filename = attributes.filenameFor(url.getPath());
    this.attributes = attributes;
  }

  /** The content's digest and how the file is laid down; not the URL, as in BuildKit. */
  @Override
  public String cacheKey(List<String> inputKeys) {
    String key = String.join("\0", digest.toString(), filename, Integer.toOctalString(attributes.perm()),
        Integer.toString(attributes.uid()), Integer.toString(attributes.gid()));
    return CacheKeys.of(CACHE_TYPE, key.getBytes(StandardCharsets.UTF_8), inputKeys);
  }

  @Override
  public List<CommittedSnapshot> execute(OpContext context, List<CommittedSnapshot> inputs) throws IOException {
    if (!content.contains(digest)) {
      downloader.download(url, digest);
    }
    try (ActiveSnapshot target = ActiveSnapshot.prepare(context, CommittedSnapshot.SCRATCH)) {
      Path file = target.directories().upper().resolve(filename);
      Files.copy(content.file(digest), file);
      Files.setAttribute(file, "unix:uid", attributes.uid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(file, "unix:gid", attributes.gid(), LinkOption.NOFOLLOW_LINKS);
      Files.setAttribute(file, "unix:mode", attributes.perm() & 07777, LinkOption.NOFOLLOW_LINKS);
      return List.of(target.commit());
    }
  }
}
