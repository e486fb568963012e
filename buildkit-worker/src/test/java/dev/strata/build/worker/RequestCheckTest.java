package dev.strata.build.worker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.ops.Session;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Options whose consumer is not registered fail before the build; today only file ops are. */
class RequestCheckTest {
  @TempDir Path dir;

  private RequestCheck check() {
    return new RequestCheck(WorkerOps.standard(ContentStore.open(dir.resolve("content")), ImageIndex.open(dir)));
  }

  private static BuildRequest request(Session session, Set<String> registries, List<String> outputs) {
    LlbDefinition definition = LlbDefinition.parse(Llb.scratch().file(FileAction.mkdir("/a", 0755)).marshalBytes());
    return new BuildRequest(definition, session, registries, outputs);
  }

  private String rejectedOption(BuildRequest request) {
    return assertThrows(UnsupportedOptionException.class, () -> check().check(request)).option();
  }

  @Test
  void aPlainRequestPasses() {
    assertDoesNotThrow(() -> check().check(request(Session.EMPTY, Set.of(), List.of())));
  }

  @Test
  void optionsWithoutAConsumerAreRejectedByName() {
    Path some = dir.resolve("x");
    assertEquals("--output", rejectedOption(request(Session.EMPTY, Set.of(), List.of("type=local,dest=out"))));
    assertEquals("--insecure-registry", rejectedOption(request(Session.EMPTY, Set.of("localhost:5000"), List.of())));
    assertEquals("--local", rejectedOption(request(new Session(Map.of("ctx", some), Map.of(), Set.of()), Set.of(), List.of())));
    assertEquals("--secret", rejectedOption(request(new Session(Map.of(), Map.of("id", some), Set.of()), Set.of(), List.of())));
    assertEquals("--allow", rejectedOption(request(
        new Session(Map.of(), Map.of(), Set.of(Session.Entitlement.NETWORK_HOST)), Set.of(), List.of())));
  }
}
