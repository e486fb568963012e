package dev.strata.build.worker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a worker root, held while a worker uses it, so that two worker processes never
 * share one root. The kernel drops the lock when the process dies, so a crash leaves no stale lock;
 * the file names the holder's pid for the error message of the next one.
 */
final class RootLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private RootLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock on {@code file}, or throws {@link RootInUseException} if another process holds it. */
  static RootLock acquire(Path file) {
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock = tryLock(channel);
      if (lock == null) {
        String holder = Files.readString(file, StandardCharsets.UTF_8).trim();
        channel.close();
        throw new RootInUseException(file.getParent(), holder);
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)));
      return new RootLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel, e);
      throw new UncheckedIOException("failed to lock worker root " + file.getParent() + ": " + e.getMessage(), e);
    }
  }

  /** The lock, or null if another process or another worker of this process holds it. */
  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      return null;
    }
  }

  private static void closeQuietly(FileChannel channel, IOException failure) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        failure.addSuppressed(e);
      }
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to unlock worker root: " + e.getMessage(), e);
    }
  }
}
