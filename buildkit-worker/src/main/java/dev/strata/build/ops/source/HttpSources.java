package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Digest;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.SourceOp;
import dev.strata.build.ops.OpFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Objects;

/**
 * Makes the ops of {@code http://} and {@code https://} sources: one file, downloaded into the content
 * store. With {@code http.checksum} the pin is the content's digest and the download waits for the op
 * to run (and is verified then); without it, the file is downloaded when the op is created so that
 * the cache key is the digest of what the server sends, as BuildKit keys an unpinned download.
 */
public final class HttpSources {
  private final ContentStore content;
  private final HttpDownloader downloader;

  public HttpSources(ContentStore content, HttpClient http) {
    this.content = Objects.requireNonNull(content, "content");
    this.downloader = new HttpDownloader(Objects.requireNonNull(http, "http"), content);
  }

  public OpFactory factory() {
    return this::create;
  }

  private HttpSourceOp create(Vertex vertex) {
    SourceOp source = vertex.op().getSource();
    URI url = URI.create(source.getIdentifier());
    HttpSourceAttributes attributes = HttpSourceAttributes.parse(source.getAttrsMap());
    Digest digest = attributes.checksum().orElseGet(() -> downloader.download(url, null));
    return new HttpSourceOp(content, downloader, url, digest, attributes);
  }
}
