package dev.strata.build.frontend.dockerfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.llb.client.OciPlatform;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversionCacheTest {
  private static final String DOCKERFILE = "FROM " + SampleBase.REF + "\nRUN echo hi\n";

  /** The sample base under a digest the test moves, counting its resolutions. */
  private static final class MovableBase implements BaseImageResolver {
    private final SampleBase sample = new SampleBase();
    private final List<String> resolved = new ArrayList<>();
    private String digest = SampleBase.DIGEST;
    private boolean gone;

    @Override
    public ResolvedBase resolve(String ref, OciPlatform platform) throws IOException {
      resolved.add(ref);
      if (gone) {
        throw new NoSuchFileException(ref + ": not found");
      }
      return new ResolvedBase(digest, sample.resolve(ref, platform).config());
    }
  }

  private static ConvertRequest request(String dockerfile) {
    return ConvertRequest.builder(dockerfile).buildArg("A", "1").build();
  }

  @Test
  void convertsAnEqualRequestAsBeforeAndResolvesItsBaseAgain() throws IOException {
    ConversionCache cache = new ConversionCache();
    MovableBase base = new MovableBase();

    Conversion first = cache.convert(request(DOCKERFILE), base);
    Conversion second = cache.convert(request(DOCKERFILE), base);

    assertEquals(List.of(SampleBase.REF, SampleBase.REF), base.resolved, "once per conversion, none converted again");
    assertArrayEquals(new DockerfileFrontend(base).convert(request(DOCKERFILE)).definition(), second.definition());
    assertArrayEquals(first.imageConfig(), second.imageConfig());
  }

  @Test
  void convertsAgainWhenTheBaseMoved() throws IOException {
    ConversionCache cache = new ConversionCache();
    MovableBase base = new MovableBase();
    Conversion before = cache.convert(request(DOCKERFILE), base);

    base.digest = "sha256:" + "1".repeat(64);
    Conversion after = cache.convert(request(DOCKERFILE), base);

    String definition = new String(after.definition(), StandardCharsets.ISO_8859_1);
    assertTrue(definition.contains(base.digest), "the definition pins the moved digest");
    assertFalse(new String(before.definition(), StandardCharsets.ISO_8859_1).contains(base.digest));
  }

  @Test
  void aBaseThatNoLongerResolvesFailsTheConversionAtItsLine() throws IOException {
    ConversionCache cache = new ConversionCache();
    MovableBase base = new MovableBase();
    cache.convert(request(DOCKERFILE), base);

    base.gone = true;

    assertThrows(DockerfileException.class, () -> cache.convert(request(DOCKERFILE), base));
  }

  @Test
  void convertsAnotherRequestOnItsOwn() throws IOException {
    ConversionCache cache = new ConversionCache();
    MovableBase base = new MovableBase();
    cache.convert(request(DOCKERFILE), base);

    Conversion other = cache.convert(request(DOCKERFILE + "RUN echo other\n"), base);

    assertArrayEquals(new DockerfileFrontend(base).convert(request(DOCKERFILE + "RUN echo other\n")).definition(),
        other.definition());
  }
}
