package dev.strata.build.serve;

import dev.strata.build.worker.Worker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One client's command line on the daemon: run on the warm worker with the client's streams relayed
 * over the connection, the exit code last. A client that goes away before the end cancels its command.
 */
final class ServeConnection implements Runnable {
  private static final int OUTPUT_BUFFER = 64 * 1024;

  private final Worker worker;
  private final CommandRunner commands;
  private final Frames frames;
  private final PrintStream log;
  private Thread running;

  ServeConnection(Worker worker, CommandRunner commands, Frames frames, PrintStream log) {
    this.worker = worker;
    this.commands = commands;
    this.frames = frames;
    this.log = log;
  }

  @Override
  public void run() {
    try (frames) {
      Invocation invocation = Invocation.receive(frames);
      ClientStdin stdin = new ClientStdin(frames);
      start(Thread.currentThread());
      Thread reader = new Thread(() -> readClient(stdin), "strata-serve-client");
      reader.setDaemon(true);
      reader.start();
      int exitCode;
      try (PrintStream out = stream(Frames.STDOUT); PrintStream err = stream(Frames.STDERR)) {
        exitCode = commands.run(worker, invocation, stdin, out, err);
      } finally {
        finish();
      }
      frames.write(Frames.EXIT, ByteBuffer.allocate(Integer.BYTES).putInt(exitCode).array());
    } catch (IOException | RuntimeException e) {
      log.println("strata-build serve: failed to serve a client: " + e.getMessage());
    }
  }

  private PrintStream stream(byte type) {
    return new PrintStream(new BufferedOutputStream(new FrameOutputStream(frames, type), OUTPUT_BUFFER),
        true, StandardCharsets.UTF_8);
  }

  /** Passes the client's stdin to the command, and cancels the command when the client goes away. */
  private void readClient(ClientStdin stdin) {
    try {
      for (Optional<Frames.Frame> frame = frames.read(); frame.isPresent(); frame = frames.read()) {
        switch (frame.get().type()) {
          case Frames.STDIN -> stdin.offer(frame.get().payload());
          case Frames.STDIN_END -> stdin.end();
          default -> throw new IOException("unexpected frame type " + (char) frame.get().type());
        }
      }
    } catch (IOException e) {
      // a broken connection is a client gone away, as is a closed one
    }
    stdin.end();
    cancel();
  }

  private synchronized void start(Thread thread) {
    running = thread;
  }

  private synchronized void cancel() {
    if (running != null) {
      running.interrupt();
    }
  }

  /** After this, a client going away interrupts nothing: the pool's thread is free for the next one. */
  private synchronized void finish() {
    running = null;
    Thread.interrupted();
  }
}
