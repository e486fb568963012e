package dev.strata.build.ops.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.LocalOptions;
import dev.strata.build.llb.client.State;
import dev.strata.build.ops.ContentSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FileOpContentSelectorsTest {
  private static Map<Integer, List<ContentSelector>> selectors(State state) {
    return FileOp.of(LlbDefinition.parse(state.marshalBytes()).result().vertex(), FileDigestCache.create()).contentSelectors();
  }

  @Test
  void anInputThatIsOnlyCopiedFromIsSelectedByTheCopy() {
    State context = Llb.local("context", LocalOptions.defaults());
    State copied =
        Llb.image("alpine")
            .file(FileAction.copy(context, "/src/*.go", "/app/").allowWildcard().excludePatterns(List.of("*_test.go")));

    assertEquals(
        Map.of(1, List.of(new ContentSelector("/src/*.go", true, false, List.of(), List.of("*_test.go")))),
        selectors(copied));
  }

  @Test
  void anInputThatAnActionWritesOnEntersWhole() {
    State image = Llb.image("alpine");

    assertEquals(Map.of(), selectors(image.file(FileAction.copy(image, "/etc/hosts", "/hosts"))));
  }
}
