package dev.strata.build.ops;

import dev.strata.build.llb.Digests;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The digest every op's cache key is made of. */
public final class CacheKeys {
  private CacheKeys() {}

  /**
   * {@code sha256:} over the length-prefixed type tag, canonical op bytes and input keys, so that no two
   * different combinations give the same byte stream.
   */
  public static String of(String typeTag, byte[] canonicalOp, List<String> inputKeys) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeField(out, typeTag.getBytes(StandardCharsets.UTF_8));
    writeField(out, canonicalOp);
    for (String key : inputKeys) {
      writeField(out, key.getBytes(StandardCharsets.UTF_8));
    }
    return Digests.sha256(out.toByteArray());
  }

  private static void writeField(ByteArrayOutputStream out, byte[] bytes) {
    int length = bytes.length;
    out.write(length >>> 24);
    out.write(length >>> 16);
    out.write(length >>> 8);
    out.write(length);
    out.writeBytes(bytes);
  }
}
