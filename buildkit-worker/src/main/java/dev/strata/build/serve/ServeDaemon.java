package dev.strata.build.serve;

import dev.strata.build.worker.Worker;
import dev.strata.build.worker.WorkerLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@code strata-build serve}: keeps a worker warm and runs the command lines that clients hand it over a
 * Unix socket (mode 0600: builds read the host paths they name), several at once ({@link Frames}). While
 * it listens, the root's {@code serve.address} names its socket.
 */
public final class ServeDaemon implements AutoCloseable {
  private final Worker worker;
  private final CommandRunner commands;
  private final Path socket;
  private final ServerSocketChannel server;
  private final ServeAddress address;
  private final ExecutorService connections;
  private final Thread acceptor;
  private final PrintStream log;

  private ServeDaemon(Worker worker, CommandRunner commands, Path socket, ServerSocketChannel server,
      ServeAddress address, PrintStream log) {
    this.worker = worker;
    this.commands = commands;
    this.socket = socket;
    this.server = server;
    this.address = address;
    this.log = log;
    this.connections = Executors.newCachedThreadPool(task -> {
      Thread thread = new Thread(task, "strata-serve-command");
      thread.setDaemon(true);
      return thread;
    });
    this.acceptor = new Thread(this::accept, "strata-serve-accept");
  }

  /**
   * Listens on {@code socket} for command lines, which {@code commands} runs on {@code worker}; the
   * caller keeps the worker open until after {@link #close}.
   *
   * @throws IllegalStateException if another daemon answers on {@code socket}
   */
  public static ServeDaemon start(Worker worker, CommandRunner commands, Path socket, PrintStream log) {
    Path absolute = socket.toAbsolutePath();
    ServerSocketChannel server = bind(absolute);
    ServeAddress address = new ServeAddress(new WorkerLayout(worker.config().root()));
    address.write(absolute);
    ServeDaemon daemon = new ServeDaemon(worker, commands, absolute, server, address, log);
    daemon.acceptor.start();
    return daemon;
  }

  private static ServerSocketChannel bind(Path socket) {
    try {
      if (Files.exists(socket)) {
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
          throw new IllegalStateException("failed to listen on " + socket + ": another daemon answers there");
        } catch (IOException stale) {
          Files.delete(socket);
        }
      }
      Files.createDirectories(socket.getParent());
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("failed to listen on " + socket + ": " + e.getMessage(), e);
    }
  }

  public Path socket() {
    return socket;
  }

  private void accept() {
    while (true) {
      try {
        SocketChannel client = server.accept();
        connections.execute(new ServeConnection(worker, commands, new Frames(client), log));
      } catch (ClosedChannelException closed) {
        return;
      } catch (IOException e) {
        log.println("strata-build serve: failed to accept a client: " + e.getMessage());
      }
    }
  }

  /** Stops listening, lets the builds under way finish (for up to a minute) and removes the socket. */
  @Override
  public void close() {
    address.removeIfNames(socket);
    try {
      server.close();
      acceptor.join();
      connections.shutdown();
      connections.awaitTermination(1, TimeUnit.MINUTES);
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to stop serving on " + socket + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
