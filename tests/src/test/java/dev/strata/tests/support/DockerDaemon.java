package dev.strata.tests.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A private dockerd (Debian's docker.io) for tests: its own data root, exec root, pid file, socket and
 * containerd, all in a scratch directory, no iptables and no bridge, so that it touches nothing of the
 * host's. Closing stops it (and its containerd), unmounts what it leaves mounted (dockerd mounts its
 * data root on itself) and deletes the directory, even after a failure.
 */
public final class DockerDaemon implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(1);

  private final ScratchDirectory scratch;
  private final ManagedProcess process;
  private final Path socket;

  private DockerDaemon(ScratchDirectory scratch, ManagedProcess process, Path socket) {
    this.scratch = scratch;
    this.process = process;
    this.socket = socket;
  }

  public static DockerDaemon start() throws IOException {
    ScratchDirectory scratch = ScratchDirectory.create("strata-dockerd-");
    Path socket = scratch.resolve("docker.sock");
    ManagedProcess process = null;
    try {
      process = ManagedProcess.start("dockerd", List.of("dockerd",
          "--data-root", scratch.directory("data").toString(),
          "--exec-root", scratch.directory("exec").toString(),
          "--pidfile", scratch.resolve("dockerd.pid").toString(),
          "-H", "unix://" + socket,
          "--iptables=false", "--ip6tables=false", "--bridge=none", "--storage-driver=vfs"),
          scratch.path(), scratch.resolve("dockerd.log"));
      process.awaitUnixSocket(socket, START_TIMEOUT);
      return new DockerDaemon(scratch, process, socket);
    } catch (RuntimeException e) {
      stop(process, scratch);
      throw e;
    }
  }

  /** Runs the docker client on this daemon. */
  public CommandResult docker(String... arguments) {
    List<String> command = new ArrayList<>(List.of("docker", "-H", "unix://" + socket));
    command.addAll(List.of(arguments));
    return Commands.run(COMMAND_TIMEOUT, command);
  }

  @Override
  public void close() throws IOException {
    stop(process, scratch);
  }

  private static void stop(ManagedProcess process, ScratchDirectory scratch) throws IOException {
    try {
      if (process != null) {
        process.close();
      }
    } finally {
      try {
        Mounts.unmountAll(scratch.path());
      } finally {
        scratch.close();
      }
    }
  }
}
