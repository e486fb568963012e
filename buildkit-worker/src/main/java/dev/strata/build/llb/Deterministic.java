package dev.strata.build.llb;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Serializes protobuf messages the way BuildKit does: fields in number order and map entries sorted
 * by key, so the same message always gives the same bytes (and so the same op digest).
 */
public final class Deterministic {
  private Deterministic() {}

  public static byte[] toBytes(MessageLite message) {
    byte[] out = new byte[message.getSerializedSize()];
    CodedOutputStream stream = CodedOutputStream.newInstance(out);
    stream.useDeterministicSerialization();
    try {
      message.writeTo(stream);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to serialize " + message.getClass().getSimpleName(), e);
    }
    stream.checkNoSpaceLeft();
    return out;
  }
}
