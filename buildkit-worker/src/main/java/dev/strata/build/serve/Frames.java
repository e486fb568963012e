package dev.strata.build.serve;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Optional;

/**
 * The serve protocol's framing, each way on one Unix socket connection: a type byte, a 4-byte length
 * and that many bytes. JDK classes only: the launcher's client path loads it before anything else.
 *
 * <p>The client sends its {@link Invocation} ({@link #ARG}..., {@link #CWD}, {@link #ENV}...,
 * {@link #INTERACTIVE}) and {@link #RUN}; then, once the daemon sends {@link #STDIN_WANTED}, its stdin as
 * {@link #STDIN} frames and {@link #STDIN_END}. The daemon sends {@link #STDOUT} and {@link #STDERR}
 * frames and last {@link #EXIT}. A client that closes the connection before {@link #EXIT} cancels its
 * command.
 */
final class Frames implements AutoCloseable {
  static final byte ARG = 'a';
  static final byte CWD = 'c';
  static final byte ENV = 'e';
  static final byte INTERACTIVE = 'i';
  static final byte RUN = 'r';
  static final byte STDIN = '0';
  static final byte STDIN_END = 'z';
  static final byte STDIN_WANTED = 'w';
  static final byte STDOUT = '1';
  static final byte STDERR = '2';
  static final byte EXIT = 'x';

  private final SocketChannel channel;
  private final DataInputStream in;
  private final DataOutputStream out;

  Frames(SocketChannel channel) {
    this.channel = channel;
    // Channels.newInputStream and newOutputStream share one lock: a blocked read would stop every write
    this.in = new DataInputStream(new BufferedInputStream(new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] bytes, int offset, int length) throws IOException {
        return channel.read(ByteBuffer.wrap(bytes, offset, length));
      }
    }));
    this.out = new DataOutputStream(new BufferedOutputStream(new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] bytes, int offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, length);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
      }
    }));
  }

  /** One frame. */
  record Frame(byte type, byte[] payload) {}

  /** The next frame, or empty when the other side closed the connection between frames. */
  Optional<Frame> read() throws IOException {
    int type = in.read();
    if (type < 0) {
      return Optional.empty();
    }
    byte[] payload = new byte[in.readInt()];
    in.readFully(payload);
    return Optional.of(new Frame((byte) type, payload));
  }

  /** The next frame, which must be there. */
  Frame require() throws IOException {
    return read().orElseThrow(() -> new EOFException("the other side closed the connection"));
  }

  synchronized void write(byte type, byte[] payload, int offset, int length) throws IOException {
    out.writeByte(type);
    out.writeInt(length);
    out.write(payload, offset, length);
    out.flush();
  }

  void write(byte type, byte[] payload) throws IOException {
    write(type, payload, 0, payload.length);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
