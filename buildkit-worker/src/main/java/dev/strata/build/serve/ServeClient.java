package dev.strata.build.serve;

import dev.strata.build.worker.WorkerLayout;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A connection to the {@code strata-build serve} daemon of a worker root, which runs one command line
 * as if in this process: its stdout and stderr come back here, its exit code is returned. JDK classes
 * and {@link WorkerLayout} only, so that a client starts fast.
 */
public final class ServeClient implements AutoCloseable {
  private static final int STDIN_CHUNK = 64 * 1024;

  private final Path socket;
  private final Frames frames;

  private ServeClient(Path socket, Frames frames) {
    this.socket = socket;
    this.frames = frames;
  }

  /**
   * A connection to the daemon serving {@code root}; empty when none runs (or one died and left its
   * address behind).
   */
  public static Optional<ServeClient> connect(Path root) {
    Optional<Path> socket = new ServeAddress(new WorkerLayout(root)).read();
    if (socket.isEmpty()) {
      return Optional.empty();
    }
    SocketChannel channel = null;
    try {
      channel = SocketChannel.open(StandardProtocolFamily.UNIX);
      channel.connect(UnixDomainSocketAddress.of(socket.get()));
      return Optional.of(new ServeClient(socket.get(), new Frames(channel)));
    } catch (SocketException e) {
      closeQuietly(channel);
      return Optional.empty();
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("failed to reach serve daemon at " + socket.get() + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(SocketChannel channel) {
    try {
      if (channel != null) {
        channel.close();
      }
    } catch (IOException e) {
      // it never connected: nothing is lost
    }
  }

  /**
   * Runs {@code invocation} on the daemon, relaying its output to {@code stdout} and {@code stderr}
   * and, when the command reads its input, {@code stdin} to it; returns its exit code.
   */
  public int run(Invocation invocation, InputStream stdin, OutputStream stdout, OutputStream stderr) {
    try {
      invocation.send(frames);
      while (true) {
        Frames.Frame frame = frames.read().orElseThrow(
            () -> new IOException("the daemon closed the connection before the command ended"));
        switch (frame.type()) {
          case Frames.STDOUT -> stdout.write(frame.payload());
          case Frames.STDERR -> stderr.write(frame.payload());
          case Frames.STDIN_WANTED -> startSending(stdin);
          case Frames.EXIT -> {
            stdout.flush();
            stderr.flush();
            return ByteBuffer.wrap(frame.payload()).getInt();
          }
          default -> throw new IOException("unexpected frame type " + (char) frame.type());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to run " + invocation.args() + " on serve daemon at " + socket
          + ": " + e.getMessage(), e);
    }
  }

  private void startSending(InputStream stdin) {
    Thread sender = new Thread(() -> send(stdin), "strata-serve-stdin");
    sender.setDaemon(true);
    sender.start();
  }

  private void send(InputStream stdin) {
    byte[] buffer = new byte[STDIN_CHUNK];
    try {
      for (int read = stdin.read(buffer); read >= 0; read = stdin.read(buffer)) {
        frames.write(Frames.STDIN, buffer, 0, read);
      }
      frames.write(Frames.STDIN_END, new byte[0]);
    } catch (IOException e) {
      // the daemon went away: run() reports it
    }
  }

  @Override
  public void close() {
    try {
      frames.close();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to close connection to serve daemon at " + socket + ": " + e.getMessage(), e);
    }
  }
}
