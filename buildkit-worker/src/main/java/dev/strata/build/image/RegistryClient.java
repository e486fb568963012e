package dev.strata.build.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

/**
 * The OCI distribution API's read side, without authentication: HTTPS, or plain HTTP for hosts
 * named insecure (a loopback registry, say). Blobs stream straight into the content store,
 * verified against their digest.
 */
public final class RegistryClient {
    private static final String ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.OCI_MANIFEST,
            MediaTypes.DOCKER_MANIFEST_LIST, MediaTypes.DOCKER_MANIFEST);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http;
    private final Set<String> insecureHosts;

    public RegistryClient(HttpClient http, Set<String> insecureHosts) {
        this.http = http;
        this.insecureHosts = Set.copyOf(insecureHosts);
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
