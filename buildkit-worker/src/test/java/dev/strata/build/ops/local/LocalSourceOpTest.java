package dev.strata.build.ops.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.LocalOptions;
import dev.strata.build.ops.ContentKeyedOp;
import dev.strata.build.ops.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSourceOpTest {
  @TempDir Path context;
  private Session session;

  @BeforeEach
  void context() throws IOException {
    Files.writeString(context.resolve("app.txt"), "app");
    Files.writeString(context.resolve("debug.log"), "log");
    session = new Session(Map.of("context", context), Map.of(), Set.of());
  }

  private static ContentKeyedOp op(String name, LocalOptions options) {
    Vertex vertex = LlbDefinition.parse(Llb.local(name, options).marshalBytes()).result().vertex();
    return (ContentKeyedOp) LocalSourceOp.factory(FileDigestCache.create()).create(vertex);
  }

  @Test
  void theKeyFollowsTheSelectedContentOnly() throws IOException {
    ContentKeyedOp op = op("context", LocalOptions.defaults().withExcludePatterns(List.of("*.log")));
    String before = op.contentKey(session);
    Files.writeString(context.resolve("debug.log"), "more log");
    assertEquals(before, op.contentKey(session));

    Files.writeString(context.resolve("app.txt"), "app, edited");
    assertNotEquals(before, op.contentKey(session));
  }

  @Test
  void theSameContentUnderAnotherNameHasTheSameKey() throws IOException {
    Session renamed = new Session(Map.of("other", context), Map.of(), Set.of());

    assertEquals(
        op("context", LocalOptions.defaults()).contentKey(session),
        op("other", LocalOptions.defaults().withSharedKeyHint("hint")).contentKey(renamed));
  }

  @Test
  void anUnknownNameIsAnError() {
    assertThrows(UnknownLocalException.class, () -> op("missing", LocalOptions.defaults()).contentKey(session));
  }

  @Test
  void aMalformedPatternAttributeIsAnError() {
    Vertex vertex =
        LlbDefinition.parse(Llb.local("context", LocalOptions.defaults().withIncludePatterns(List.of("a"))).marshalBytes())
            .result()
            .vertex();
    var source = vertex.op().getSource().toBuilder().putAttrs(LocalSource.EXCLUDE_PATTERNS, "not json").build();

    assertThrows(IllegalArgumentException.class, () -> LocalSource.of(source));
  }
}
