package dev.strata.build.ops.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.Session;
import dev.strata.overlay.Mounter;
import dev.strata.snapshots.testing.InMemorySnapshotter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheMountsTest {
  @TempDir Path dir;

  private OpContext context() {
    return new OpContext(new InMemorySnapshotter(), new Mounter(), dir.resolve("mounts"), line -> {}, Session.EMPTY);
  }

  private CacheMounts.Lease acquire(CacheMounts caches, String id, CacheSharingOpt sharing) throws Exception {
    return caches.acquire(context(), id, sharing, CommittedSnapshot.SCRATCH);
  }

  @Test
  void sharedUsersGetOneInstanceAndPrivateUsersTheirOwn() throws Exception {
    CacheMounts caches = CacheMounts.open(dir.resolve("caches"));
    try (CacheMounts.Lease first = acquire(caches, "go", CacheSharingOpt.SHARED);
        CacheMounts.Lease second = acquire(caches, "go", CacheSharingOpt.SHARED)) {
      assertEquals(first.directory(), second.directory());
    }
    Path reused;
    try (CacheMounts.Lease first = acquire(caches, "go", CacheSharingOpt.PRIVATE);
        CacheMounts.Lease second = acquire(caches, "go", CacheSharingOpt.PRIVATE)) {
      assertNotEquals(first.directory(), second.directory());
      reused = first.directory();
    }
    try (CacheMounts.Lease again = acquire(caches, "go", CacheSharingOpt.LOCKED)) {
      assertEquals(reused, again.directory(), "a free instance is reused");
    }
  }

  @Test
  void anInstanceKeepsItsFilesAcrossARestartAndIdsStayApart() throws Exception {
    Path root = dir.resolve("caches");
    Path directory;
    try (CacheMounts.Lease lease = acquire(CacheMounts.open(root), "npm", CacheSharingOpt.SHARED)) {
      directory = lease.directory();
      Files.writeString(directory.resolve("kept"), "yes");
    }
    Path halfMade = Files.createDirectory(directory.resolveSibling(".new-crashed"));

    CacheMounts reopened = CacheMounts.open(root);

    assertFalse(Files.exists(halfMade));
    try (CacheMounts.Lease lease = acquire(reopened, "npm", CacheSharingOpt.SHARED);
        CacheMounts.Lease other = acquire(reopened, "pip", CacheSharingOpt.SHARED)) {
      assertEquals("yes", Files.readString(lease.directory().resolve("kept")));
      assertNotEquals(lease.directory().getParent(), other.directory().getParent());
    }
  }
}
