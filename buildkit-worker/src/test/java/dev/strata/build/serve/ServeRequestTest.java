package dev.strata.build.serve;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.ops.Session;
import dev.strata.build.solver.ProgressEvent;
import dev.strata.build.worker.BuildRequest;
import dev.strata.build.worker.WorkerConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What crosses the serve socket comes out as it went in. */
class ServeRequestTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRequestSurvivesTheWire() throws Exception {
    LlbDefinition definition = LlbDefinition.parse(Llb.scratch().file(FileAction.mkdir("/a", 0755)).marshalBytes());
    Session session = new Session(Map.of("ctx", Path.of("/src")), Map.of("token", Path.of("/run/token")),
        Set.of(Session.Entitlement.NETWORK_HOST));
    BuildRequest request = new BuildRequest(definition, session, Set.of("localhost:5000"), List.of("type=local,dest=/out"));
    WorkerConfig config = new WorkerConfig(Path.of("/var/lib/x"), Optional.empty(), 2);

    ServeRequest wire = JSON.readValue(JSON.writeValueAsBytes(ServeRequest.of(config, 2, request)), ServeRequest.class);
    BuildRequest received = wire.toBuildRequest();

    assertEquals("/var/lib/x", wire.root());
    assertEquals(2, wire.maxParallelism());
    assertEquals(session, received.session());
    assertEquals(request.insecureRegistries(), received.insecureRegistries());
    assertEquals(request.outputs(), received.outputs());
    assertArrayEquals(definition.definition().toByteArray(), received.definition().definition().toByteArray());
  }

  @Test
  void everyProgressEventSurvivesTheWire() throws Exception {
    List<ProgressEvent> events = List.of(
        new ProgressEvent.Started("sha256:a", "a"),
        new ProgressEvent.Cached("sha256:b", "b"),
        new ProgressEvent.Done("sha256:a", "a", Duration.ofMillis(1234)),
        new ProgressEvent.Failed("sha256:c", "c", "failed to run: exit code 3"),
        new ProgressEvent.Log("sha256:c", "c", "last line"));
    for (ProgressEvent event : events) {
      Reply reply = JSON.readValue(JSON.writeValueAsBytes(new Reply(EventMessage.of(event), null)), Reply.class);
      assertEquals(event, reply.event().toEvent());
    }
  }
}
