package dev.strata.tests.build.sources;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import dev.strata.build.image.Digest;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.source.ChecksumMismatchException;
import dev.strata.build.ops.source.HttpSources;
import dev.strata.build.solver.SolveException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** http:// sources downloaded from a JDK HttpServer on 127.0.0.1 into snapshots on overlayfs. Needs root. */
class HttpSourceIntegrationTest {
  private static final byte[] FILE = "downloaded content\n".getBytes(StandardCharsets.UTF_8);

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private SourceSolveBench bench;

  @BeforeEach
  void start() {
    bench = SourceSolveBench.create("strata-http-source-", bench -> OpResolver.builder()
        .register(OpKind.SOURCE_HTTP, new HttpSources(bench.content(), HttpClient.newHttpClient()).factory())
        .build());
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.stop(0);
    }
    bench.close();
  }

  private String serve() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/files/tool.sh", exchange -> {
      requests.incrementAndGet();
      exchange.sendResponseHeaders(200, FILE.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(FILE);
      }
    });
    server.start();
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/files/tool.sh";
  }

  private CommittedSnapshot solve(String url, Map<String, String> attrs) {
    return bench.solve(SourceDefinitions.source(url, attrs), Session.EMPTY);
  }

  @Test
  void pinnedDownloadIsOneFileWithTheAskedNameModeAndOwner() throws IOException {
    String url = serve();
    CommittedSnapshot result = solve(url, Map.of(
        "http.checksum", Digest.of(FILE).toString(), "http.filename", "run.sh", "http.perm", "0755",
        "http.uid", "1000", "http.gid", "1001"));

    bench.withTree(result, root -> {
      try (var files = Files.list(root)) {
        assertEquals(List.of(root.resolve("run.sh")), files.toList());
      }
      Path file = root.resolve("run.sh");
      assertArrayEquals(FILE, Files.readAllBytes(file));
      assertEquals(0755, (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777);
      assertEquals(1000, Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS));
      assertEquals(1001, Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS));
    });
  }

  @Test
  void unpinnedDownloadIsKeyedByContentAndNamedAfterTheUrl() throws IOException {
    String url = serve();
    CommittedSnapshot first = solve(url, Map.of());

    bench.withTree(first, root -> {
      assertArrayEquals(FILE, Files.readAllBytes(root.resolve("tool.sh")));
      assertEquals(0600, (Integer) Files.getAttribute(root.resolve("tool.sh"), "unix:mode") & 07777);
    });
    assertEquals(first, solve(url, Map.of()));
    assertEquals(first, solve(url + "?same-content", Map.of()));
  }

  @Test
  void wrongChecksumFailsAndCachesNothing() throws IOException {
    String url = serve();
    Map<String, String> wrong = Map.of("http.checksum", Digest.of("other".getBytes(StandardCharsets.UTF_8)).toString());

    SolveException failure = assertThrows(SolveException.class, () -> solve(url, wrong));

    assertInstanceOf(ChecksumMismatchException.class, failure.getCause());
    assertEquals(1, requests.get());
    assertThrows(SolveException.class, () -> solve(url, wrong));
    assertEquals(2, requests.get());
  }
}
