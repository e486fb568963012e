package dev.strata.build.ops.source;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.Digest;
import dev.strata.build.image.InvalidImageException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Downloads a URL into the content store, streaming, and verifies it against a pinned digest when there is one. */
final class HttpDownloader {
  private final HttpClient http;
  private final ContentStore content;

  HttpDownloader(HttpClient http, ContentStore content) {
    this.http = http;
    this.content = content;
  }

  /**
   * @param expected the digest the content must have, or null to take whatever comes
   * @throws ChecksumMismatchException if the content does not have {@code expected}
   */
  Digest download(URI url, Digest expected) {
    HttpResponse<InputStream> response;
    try {
      response = http.send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException("failed to download " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("failed to download " + url + ": interrupted", e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() / 100 != 2) {
        throw new SourceNotFoundException("failed to download " + url + ": HTTP " + response.statusCode());
      }
      return content.write(body, expected);
    } catch (InvalidImageException e) {
      throw new ChecksumMismatchException("failed to download " + url + ": content is not " + expected + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to download " + url + ": " + e.getMessage(), e);
    }
  }
}
