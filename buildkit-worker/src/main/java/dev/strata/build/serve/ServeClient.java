package dev.strata.build.serve;

import dev.strata.build.solver.ProgressListener;
import dev.strata.build.worker.BuildRequest;
import dev.strata.build.worker.WorkerConfig;
import dev.strata.build.worker.WorkerLayout;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Hands builds and worker commands to the {@code strata-build serve} daemon of a worker root. */
public final class ServeClient {
  private final Path socket;

  private ServeClient(Path socket) {
    this.socket = socket;
  }

  /**
   * The daemon serving {@code config}'s root, if one answers on the socket its root names; empty when
   * none runs (or one died and left its address behind).
   */
  public static Optional<ServeClient> find(WorkerConfig config) {
    return new ServeAddress(new WorkerLayout(config.root())).read()
        .filter(ServeClient::answers)
        .map(ServeClient::new);
  }

  private static boolean answers(Path socket) {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      return channel.connect(UnixDomainSocketAddress.of(socket));
    } catch (SocketException e) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("failed to reach serve daemon at " + socket + ": " + e.getMessage(), e);
    }
  }

  public Path socket() {
    return socket;
  }

  /**
   * Runs {@code request} on the daemon, passing its progress events to {@code listener}.
   *
   * @param maxParallelism the user's {@code --max-parallelism}, or null; the daemon refuses one unlike its own
   * @throws RemoteBuildException if the build failed or the daemon refused it
   */
  public void build(WorkerConfig config, Integer maxParallelism, BuildRequest request, ProgressListener listener) {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        LineChannel lines = new LineChannel(channel)) {
      lines.write(new Request(ServeRequest.of(config, maxParallelism, request), null));
      while (true) {
        Reply reply = lines.read(Reply.class).orElseThrow(
            () -> new IOException("the daemon closed the connection before the build ended"));
        if (reply.event() != null) {
          listener.onEvent(reply.event().toEvent());
        } else {
          Outcome outcome = reply.outcome();
          if (!Outcome.OK.equals(outcome.status())) {
            throw new RemoteBuildException(outcome.message(), Outcome.REJECTED.equals(outcome.status()));
          }
          return;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("failed to build on serve daemon at " + socket + ": " + e.getMessage(), e);
    }
  }

  /** Runs the command line {@code args} on the daemon's worker, prints its output, returns its exit code. */
  public int run(List<String> args, PrintStream out, PrintStream err) {
    try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        LineChannel lines = new LineChannel(channel)) {
      lines.write(new Request(null, args));
      Outcome outcome = lines.read(Reply.class)
          .map(Reply::outcome)
          .orElseThrow(() -> new IOException("the daemon closed the connection before the command ended"));
      out.print(outcome.stdout());
      err.print(outcome.stderr());
      return outcome.exitCode();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to run " + args + " on serve daemon at " + socket + ": " + e.getMessage(), e);
    }
  }
}
