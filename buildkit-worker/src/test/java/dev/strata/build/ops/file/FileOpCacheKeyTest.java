package dev.strata.build.ops.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.OciPlatform;
import dev.strata.build.llb.client.State;
import java.util.List;
import org.junit.jupiter.api.Test;

class FileOpCacheKeyTest {
  private static final List<String> INPUTS = List.of("sha256:input#0");

  private static String key(State state, List<String> inputKeys) {
    LlbDefinition definition = LlbDefinition.parse(state.marshalBytes());
    Vertex file = definition.result().vertex();
    return FileOp.of(file, FileDigestCache.create()).cacheKey(inputKeys);
  }

  @Test
  void theKeyCoversTheActionsAndTheInputsButNotThePlatform() {
    State image = Llb.image("a");
    String amd64 = key(image.file(FileAction.mkdir("/x", 0755)), INPUTS);
    String arm64 = key(image.withPlatform(new OciPlatform("linux", "arm64", "")).file(FileAction.mkdir("/x", 0755)), INPUTS);
    String otherMode = key(image.file(FileAction.mkdir("/x", 0700)), INPUTS);
    String otherInput = key(image.file(FileAction.mkdir("/x", 0755)), List.of("sha256:other#0"));

    assertEquals(amd64, arm64);
    assertNotEquals(amd64, otherMode);
    assertNotEquals(amd64, otherInput);
  }
}
