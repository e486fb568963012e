package dev.strata.build.serve;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A served command's stdin: asks the client for its stdin on the first read, then hands out the
 * chunks the connection's reader passes in, until the client's end (or its disconnection).
 */
final class ClientStdin extends InputStream {
  private static final byte[] END = new byte[0];

  private final Frames frames;
  private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
  private boolean asked;
  private byte[] chunk = new byte[0];
  private int position;

  ClientStdin(Frames frames) {
    this.frames = frames;
  }

  void offer(byte[] bytes) {
    if (bytes.length > 0) {
      chunks.add(bytes);
    }
  }

  void end() {
    chunks.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (!asked) {
      asked = true;
      frames.write(Frames.STDIN_WANTED, new byte[0]);
    }
    if (chunk != END && position == chunk.length) {
      try {
        chunk = chunks.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("failed to read the client's stdin: interrupted", e);
      }
      position = 0;
    }
    if (chunk == END) {
      return -1;
    }
    int count = Math.min(length, chunk.length - position);
    System.arraycopy(chunk, position, buffer, offset, count);
    position += count;
    return count;
  }
}
