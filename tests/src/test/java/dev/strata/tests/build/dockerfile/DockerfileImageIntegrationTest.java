package dev.strata.tests.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.tests.support.Containerd;
import dev.strata.tests.support.SampleRegistry;
import dev.strata.tests.support.ScratchDirectory;
import dev.strata.tests.support.SnapshotterDaemon;
import dev.strata.tests.support.StrataBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A Dockerfile's ENV, WORKDIR, USER, ENTRYPOINT and CMD reach the exported image: containerd imports
 * the docker archive and {@code ctr run} without a command runs what they say; EXPOSE and LABEL are in
 * the archive's config. The same build again
 * is answered from the cache, and {@code -t} names the image in the worker's store. Needs root.
 */
class DockerfileImageIntegrationTest {
    private static final String SNAPSHOTTER = "strata";

    @Test
    void exportedImageRunsItsEntrypointAndCmdWithItsEnvWorkdirAndUser() throws IOException {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String name = "docker.io/strata/dockerfile-config:" + id;
        try (ScratchDirectory scratch = ScratchDirectory.create("strata-dockerfile-image-");
             SampleRegistry registry = SampleRegistry.onFreePort(scratch.directory("registry"))) {
            Path context = scratch.directory("context");
            Files.writeString(context.resolve("Dockerfile"), String.join("\n",
                    "FROM " + registry.host() + "/library/busybox:test",
                    "ENV GREETING=hello",
                    "RUN cat /proc/sys/kernel/random/uuid > /stamp",
                    "WORKDIR /srv/app",
                    "EXPOSE 8080/tcp",
                    "LABEL org.example.kind=test",
                    "USER 1000:1000",
                    "ENTRYPOINT [\"/bin/sh\", \"-c\"]",
                    "CMD [\"echo $GREETING from $(pwd) as $(id -u):$(id -g)\"]",
                    ""));
            Path archive = scratch.resolve("image.tar");

            StrataBuild worker = StrataBuild.onRoot(scratch.directory("worker"));
            worker.run("build", "--insecure-registry", registry.host(),
                    "--output", "type=docker,dest=" + archive + ",name=" + name,
                    "--output", "type=local,dest=" + scratch.resolve("first"), "--progress", "plain",
                    context.toString()).requireSuccess();
            JsonNode config = DockerArchiveConfig.read(archive).get("config");
            assertEquals("8080/tcp", config.get("ExposedPorts").fieldNames().next());
            assertEquals("test", config.get("Labels").get("org.example.kind").asText());
            assertEquals("/srv/app", config.get("WorkingDir").asText());
            assertEquals("1000:1000", config.get("User").asText());

            // a rebuild answered from the cache keeps the first run's random stamp
            worker.run("build", "--insecure-registry", registry.host(), "-t", name,
                    "--output", "type=local,dest=" + scratch.resolve("again"), "--progress", "plain",
                    context.toString()).requireSuccess();
            assertEquals(Files.readString(scratch.resolve("first/stamp")), Files.readString(scratch.resolve("again/stamp")));
            assertTrue(worker.run("image", "ls").requireSuccess().contains(name), "-t names the image");

            try (SnapshotterDaemon daemon = SnapshotterDaemon.start();
                 Containerd containerd = Containerd.start(SNAPSHOTTER, daemon.socket())) {
                String namespace = "dockerfile-" + id;
                containerd.ctr(namespace, "images", "import", "--snapshotter", SNAPSHOTTER, archive.toString())
                        .requireSuccess();
                String output = containerd.ctr(namespace, "run", "--rm", "--snapshotter", SNAPSHOTTER, name, "c-" + id)
                        .requireSuccess();
                assertEquals(List.of("hello from /srv/app as 1000:1000"), output.lines().toList());
            }
        }
    }
}
