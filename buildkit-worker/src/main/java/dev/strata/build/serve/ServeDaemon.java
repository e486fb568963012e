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
   * Listens on {@code socket} for command lines, which {@code commands} runs on {@code worker}, and
   * answers them at once; the caller keeps the worker open until after {@link #close}.
   *
   * @throws IllegalStateException if another daemon answers on {@code socket}
   */
  public static ServeDaemon start(Worker worker, CommandRunner commands, Path socket, PrintStream log) {
    ServeDaemon daemon = listen(worker, commands, socket, log);
    daemon.serve();
    return daemon;
  }

  /**
   * Listens on {@code socket} and names it in the root's {@code serve.address}, but runs no command line
   * until {@link #serve}: a client that connects meanwhile waits, instead of finding no daemon and
   * failing on the root this daemon holds.
   *
   * @throws IllegalStateException if another daemon answers on {@code socket}
   */
  public static ServeDaemon listen(Worker worker, CommandRunner commands, Path socket, PrintStream log) {
    Path absolute = socket.toAbsolutePath();
    ServerSocketChannel server = bind(absolute);
    ServeAddress address = new ServeAddress(new WorkerLayout(worker.config().root()));
    address.write(absolute);
    return new ServeDaemon(worker, commands, absolute, server, address, log);
  }

  /** Starts running the command lines of clients, those waiting since {@link #listen} first. */
  public void serve() {
    acceptor.start();
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
