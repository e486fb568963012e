package dev.strata.tests.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.strata.tests.build.e2e.RawJsonProgress;
import dev.strata.tests.support.CommandResult;
import dev.strata.tests.support.Commands;
import dev.strata.tests.support.Containerd;
import dev.strata.tests.support.Modules;
import dev.strata.tests.support.SampleRegistry;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import dev.strata.tests.support.StrataBuild;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The corpus under tests/src/test/resources/dockerfiles built with {@code strata-build build}:
 * instructions/Dockerfile uses every instruction and flag the frontend supports, on top of an
 * onbuild-base image built first. Its docker archive runs in containerd on the Strata snapshotter,
 * where its CMD reports files, owners, modes, env, user and cwd; its config is checked field by field.
 * Needs root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerfileCorpusIntegrationTest {
    private static final String SNAPSHOTTER = "strata";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SELECTING_COPY = "[stage-4  1/18] COPY --chown=app:app kept.txt selected.txt /home/app/";
    private static final byte[] SERVED = "served over http\n".getBytes(StandardCharsets.UTF_8);

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final String imageName = "docker.io/strata/corpus:" + id;
    private final String onbuildBase = "docker.io/strata/onbuild-base:" + id;
    private ScratchDirectory scratch;
    private SampleRegistry registry;
    private HttpServer server;
    private StrataBuild worker;
    private Path context;
    private Path archive;
    private CommandResult firstBuild;

    @BeforeAll
    void buildCorpus() throws IOException {
        scratch = ScratchDirectory.create("strata-dockerfile-corpus-");
        registry = SampleRegistry.onFreePort(scratch.directory("registry"));
        server = serve();
        worker = StrataBuild.onRoot(scratch.directory("worker"));
        context = copyCorpus("instructions", scratch.resolve("instructions"));
        Commands.run(Duration.ofSeconds(30), List.of("tar", "-C", context.resolve("archive").toString(),
                "-cf", context.resolve("archive.tar").toString(), "inside.txt")).requireSuccess();
        Files.writeString(scratch.resolve("token"), "secret token\n");
        archive = scratch.resolve("image.tar");

        worker.run("build", "--insecure-registry", registry.host(), "--build-arg", "BASE=" + base(), "-t", onbuildBase,
                "--progress", "plain", corpus("onbuild-base").toString()).requireSuccess();
        firstBuild = build("--output", "type=docker,dest=" + archive + ",name=" + imageName);
    }

    @AfterAll
    void cleanUp() throws IOException {
        if (server != null) {
            server.stop(0);
        }
        try (ScratchDirectory toDelete = scratch; SampleRegistry toStop = registry) {
            // only the closing matters
        }
    }

    @Test
    void containerSeesTheFilesOwnersModesEnvUserAndCwdTheDockerfileAsks() {
        firstBuild.requireSuccess();
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start();
             Containerd containerd = Containerd.start(SNAPSHOTTER, daemon.socket())) {
            String namespace = "corpus-" + id;
            containerd.ctr(namespace, "images", "import", "--snapshotter", SNAPSHOTTER, archive.toString()).requireSuccess();
            String output = containerd.ctr(namespace, "run", "--rm", "--snapshotter", SNAPSHOTTER, imageName, "c-" + id)
                    .requireSuccess();
            assertEquals(List.of(
                    "user 1234:2345 cwd /home/app",
                    "env hi stage-default given",
                    "/app.conf 1234:2345 640 listen=8080",
                    "/conf/app.conf 0:0 644 listen=8080",
                    "/inline.txt 0:0 664 inline heredoc",
                    "/by-index.txt 0:0 664 inline heredoc",
                    "/fetched.txt 0:0 644 served over http",
                    "/unpacked/inside.txt 0:0 644 from the tar",
                    "/ctx/keep.txt 0:0 644 kept",
                    "/home/app/kept.txt 1234:2345 644 owned by app",
                    "/home/app/bound.txt 0:0 644 listen=8080",
                    "/home/app/cache.txt 0:0 644 cached",
                    "/home/app/tmpfs.txt 0:0 644 y",
                    "/home/app/secret.txt 0:0 644 secret token",
                    "/home/app/exec.txt 0:0 644 exec form",
                    "/home/app/network.txt 0:0 644 host network",
                    "/home/app/heredoc.txt 1234:2345 644 heredoc run",
                    "/onbuild.txt 0:0 644 triggered",
                    "conf app.conf readme.txt",
                    "ctx keep.txt"), output.lines().toList());
        }
    }

    @Test
    void imageConfigCarriesEveryConfigInstruction() throws IOException {
        firstBuild.requireSuccess();
        JsonNode config = DockerArchiveConfig.read(archive).get("config");
        assertEquals(List.of("PATH=/bin", "GREETING=hi", "STAGE_ARG=stage-default", "FROM_BUILD_ARG=given"),
                texts(config.get("Env")));
        assertEquals(List.of("/bin/sh"), texts(config.get("Entrypoint")));
        assertEquals(List.of("/report.sh"), texts(config.get("Cmd")));
        assertEquals("app", config.get("User").asText());
        assertEquals("/home/app", config.get("WorkingDir").asText());
        assertEquals(List.of("53/udp", "8080/tcp"), fieldNames(config.get("ExposedPorts")));
        assertEquals(List.of("/data"), fieldNames(config.get("Volumes")));
        assertEquals(Map.of("org.example.corpus", "yes", "org.example.spaced", "a b", "org.example.cli", "given"),
                JSON.convertValue(config.get("Labels"), Map.class));
        assertEquals("SIGQUIT", config.get("StopSignal").asText());
        assertEquals(List.of("CMD", "true"), texts(config.get("Healthcheck").get("Test")));
        assertEquals(5_000_000_000L, config.get("Healthcheck").get("Interval").asLong());
        assertEquals(3_000_000_000L, config.get("Healthcheck").get("Timeout").asLong());
        assertEquals(List.of("/bin/sh", "-e", "-c"), texts(config.get("Shell")));
        assertTrue(config.get("OnBuild") == null || config.get("OnBuild").isNull(), "triggers do not pass on");
    }

    @Test
    void historyNamesEachInstructionAndMarksTheOnesWithoutALayer() throws IOException {
        firstBuild.requireSuccess();
        List<String> history = new ArrayList<>();
        for (JsonNode entry : DockerArchiveConfig.read(archive).get("history")) {
            history.add((entry.path("empty_layer").asBoolean(false) ? "empty " : "layer ") + entry.get("created_by").asText());
        }
        String all = String.join("\n", history);
        assertTrue(history.contains("empty ENV GREETING=hi STAGE_ARG=stage-default"), all);
        assertTrue(history.contains("layer COPY ignored/ /ctx/ # buildkit"), all);
        assertTrue(history.contains("layer RUN |3 GREETING=hi STAGE_ARG=stage-default FROM_BUILD_ARG=given"
                + " /bin/sh -c cat /mnt/assets/app.conf > bound.txt # buildkit"), all);
        assertTrue(history.contains("layer WORKDIR /home/app"), all);
        assertTrue(history.contains("empty LABEL org.example.corpus=yes org.example.spaced=a b"), all);
        assertTrue(history.contains("empty USER app"), all);
        assertTrue(history.contains("empty EXPOSE map[53/udp:{} 8080/tcp:{}]"), all);
        assertTrue(history.contains("empty VOLUME [/data]"), all);
        assertTrue(history.contains("empty STOPSIGNAL SIGQUIT"), all);
        assertTrue(history.contains("empty CMD [\"/report.sh\"]"), all);
    }

    @Test
    void noChangeRebuildIsCachedAndAChangeNoCopySelectsKeepsTheCopiesCached() throws IOException {
        firstBuild.requireSuccess();
        RawJsonProgress again = progress(build("--progress", "rawjson"));
        assertTrue(again.updates().stream().anyMatch(update -> update.name().equals(SELECTING_COPY) && update.cached()),
                again.toString());
        assertTrue(again.updates().stream().noneMatch(update -> again.ran(update.name())), again.toString());

        Files.writeString(context.resolve("unselected.txt"), "changed\n");
        RawJsonProgress changed = progress(build("--progress", "rawjson"));
        assertTrue(changed.updates().stream().anyMatch(update -> update.name().equals(SELECTING_COPY) && update.cached()),
                changed.toString());
        assertFalse(changed.ran(SELECTING_COPY), changed.toString());
        assertFalse(changed.ran("[assets 1/4] COPY --chmod=0640 --chown=1234:2345 conf/app.conf /app.conf"),
                changed.toString());
    }

    private static RawJsonProgress progress(CommandResult result) {
        result.requireSuccess();
        return RawJsonProgress.parse(result.stdout() + result.stderr());
    }

    private CommandResult build(String... extra) {
        List<String> args = new ArrayList<>(List.of("build", "--insecure-registry", registry.host(),
                "--build-arg", "BASE=" + base(), "--build-arg", "ONBUILD_BASE=" + onbuildBase,
                "--build-arg", "GREETING=hi", "--build-arg", "FROM_BUILD_ARG=given", "--build-arg", "URL=" + url(),
                "--label", "org.example.cli=given", "--platform", "linux/amd64",
                "--secret", "id=token,src=" + scratch.resolve("token"), "--allow", "network.host"));
        args.addAll(List.of(extra));
        if (!args.contains("--progress")) {
            args.addAll(List.of("--progress", "plain"));
        }
        args.add(context.toString());
        return worker.run(args.toArray(String[]::new));
    }

    private String base() {
        return registry.host() + "/library/busybox:test";
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/served.txt";
    }

    private static HttpServer serve() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/served.txt", exchange -> {
            exchange.sendResponseHeaders(200, SERVED.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(SERVED);
            }
        });
        server.start();
        return server;
    }

    static Path corpus(String name) {
        return Modules.testsModule().resolve("src/test/resources/dockerfiles").resolve(name);
    }

    /** A copy of a corpus context the test may change. */
    private static Path copyCorpus(String name, Path target) throws IOException {
        Path source = corpus(name);
        try (Stream<Path> paths = Files.walk(source)) {
            for (Path path : paths.toList()) {
                Path copy = target.resolve(source.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(path, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return target;
    }
    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
