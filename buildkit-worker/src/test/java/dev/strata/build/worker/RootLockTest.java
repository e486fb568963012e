package dev.strata.build.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootLockTest {
  @TempDir Path root;

  @Test
  void aHeldRootCannotBeLockedAgainUntilReleased() {
    Path file = root.resolve("lock");
    try (RootLock held = RootLock.acquire(file)) {
      RootInUseException e = assertThrows(RootInUseException.class, () -> RootLock.acquire(file));
      assertEquals(root, e.root());
    }
    RootLock.acquire(file).close();
  }
}
