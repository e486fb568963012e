package dev.strata.build.serve;

import java.io.IOException;
import java.io.OutputStream;

/** A served command's stdout or stderr: each write goes to the client as one frame of {@code type}. */
final class FrameOutputStream extends OutputStream {
  private final Frames frames;
  private final byte type;

  FrameOutputStream(Frames frames, byte type) {
    this.frames = frames;
    this.type = type;
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    if (length > 0) {
      frames.write(type, bytes, offset, length);
    }
  }
}
