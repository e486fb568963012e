package dev.strata.build.image;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;

/**
 * The OCI distribution API without authentication: HTTPS, or plain HTTP for hosts named insecure
 * (a loopback registry, say). Pulled blobs stream straight into the content store, verified
 * against their digest; pushed blobs go up in one monolithic upload.
 */
public final class RegistryClient {
    private static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Set<String> insecureHosts;

    /**
     * @param insecureHosts read at each request, not copied: a worker adds the hosts its builds name
     */
    public RegistryClient(HttpClient http, Set<String> insecureHosts) {
        this.http = http;
        this.insecureHosts = Collections.unmodifiableSet(insecureHosts);
    }

    public static RegistryClient create(Set<String> insecureHosts) {
        return new RegistryClient(HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(TIMEOUT).build(), insecureHosts);
    }

    /** A manifest or index as served: its bytes and media type, for a tag or a digest. */
    public record FetchedManifest(byte[] content, String mediaType) {
    }

    public FetchedManifest manifest(ImageReference repository, String reference) {
        HttpRequest request = request(repository, "manifests/" + reference).header("Accept", ACCEPT).GET().build();
        HttpResponse<byte[]> response = send(request, HttpResponse.BodyHandlers.ofByteArray());
        String mediaType = response.headers().firstValue("Content-Type").map(t -> t.split(";")[0].trim())
                .orElseThrow(() -> new RegistryException("failed to fetch manifest " + reference + " of " + repository
                        + ": no Content-Type", response.statusCode()));
        return new FetchedManifest(response.body(), mediaType);
    }

    /** Streams the blob into {@code content}, failing unless it has {@code digest}. */
    public void blob(ImageReference repository, Digest digest, ContentStore content) {
        HttpRequest request = request(repository, "blobs/" + digest).GET().build();
        HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            content.write(body, digest);
        } catch (IOException e) {
            throw new RegistryException("failed to fetch blob " + digest + " of " + repository + ": " + e.getMessage(), e);
        }
    }

    /** Uploads the blob from {@code content} unless the repository has it already. */
    public void pushBlob(ImageReference repository, Digest digest, ContentStore content) {
        HttpRequest head = request(repository, "blobs/" + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
        try {
            send(head, HttpResponse.BodyHandlers.discarding());
            return;
        } catch (RegistryException e) {
            if (e.status() != 404) {
                throw e;
            }
        }
        HttpRequest start = request(repository, "blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<Void> started = send(start, HttpResponse.BodyHandlers.discarding());
        String location = started.headers().firstValue("Location").orElseThrow(() -> new RegistryException(
                "failed to push blob " + digest + " to " + repository + ": upload has no Location", started.statusCode()));
        URI upload = start.uri().resolve(location);
        URI complete = URI.create(upload + (upload.getRawQuery() == null ? "?" : "&") + "digest=" + digest);
        try {
            HttpRequest put = HttpRequest.newBuilder(complete).timeout(TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofFile(content.file(digest))).build();
            send(put, HttpResponse.BodyHandlers.discarding());
        } catch (FileNotFoundException e) {
            throw new BlobNotFoundException(digest);
        }
    }

    /** Puts a manifest or index under {@code reference} (a tag or its digest). */
    public void pushManifest(ImageReference repository, String reference, byte[] manifest, String mediaType) {
        HttpRequest put = request(repository, "manifests/" + reference).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)).build();
        send(put, HttpResponse.BodyHandlers.discarding());
    }

    HttpRequest.Builder request(ImageReference repository, String tail) {
        String scheme = insecureHosts.contains(repository.host()) ? "http" : "https";
        return HttpRequest.newBuilder(URI.create(scheme + "://" + repository.host() + "/v2/" + repository.path() + "/" + tail))
                .timeout(TIMEOUT);
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        HttpResponse<T> response;
        try {
            response = http.send(request, body);
        } catch (IOException e) {
            throw new RegistryException("failed to " + request.method() + " " + request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("failed to " + request.method() + " " + request.uri() + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            if (response.body() instanceof InputStream stream) {
                try {
                    stream.close();
                } catch (IOException ignored) {
                    // The status is the error worth reporting.
                }
            }
            throw new RegistryException("failed to " + request.method() + " " + request.uri() + ": HTTP "
                    + response.statusCode(), response.statusCode());
        }
        return response;
    }
}
