package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir
    Path scratch;

    @Test
    void twoDeletersOfOneTreeBothSucceed() throws Exception {
        for (int round = 0; round < 3; round++) {
            Path tree = scratch.resolve("tree-" + round);
            for (int d = 0; d < 20; d++) {
                Path directory = Files.createDirectories(tree.resolve("fs").resolve("d" + d).resolve("sub"));
                for (int f = 0; f < 50; f++) {
                    Files.writeString(directory.resolve("f" + f), "x");
                }
            }
            CyclicBarrier start = new CyclicBarrier(2);
            List<CompletableFuture<Void>> deleters = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                deleters.add(CompletableFuture.runAsync(() -> {
                    await(start);
                    FileTrees.delete(tree);
                }));
            }
            for (CompletableFuture<Void> deleter : deleters) {
                deleter.join();
            }
            assertFalse(Files.exists(tree));
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aMissingRootIsAlreadyDeleted() throws IOException {
        FileTrees.delete(scratch.resolve("missing"));
        assertFalse(Files.exists(scratch.resolve("missing")));
    }
}
