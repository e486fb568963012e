package dev.strata.snapshots;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * The changing calls of a {@link Snapshotter}, completed later, so that no thread has to wait while a
 * change becomes durable. Each method does what the {@link Snapshotter} method of the same name does
 * and completes its future when that method would return: with the same result, or failed with the
 * exception that method would throw. A future may complete on a thread of the implementation, so
 * dependent stages added to it must not block.
 */
public interface AsyncSnapshotter {
    /** {@link Snapshotter#update}, completed once the update is durable. */
    CompletableFuture<Info> updateAsync(Info info, List<String> fieldPaths);

    /** {@link Snapshotter#prepare}, completed once the snapshot exists durably. */
    CompletableFuture<List<Mount>> prepareAsync(String key, String parent, Map<String, String> labels);

    /** {@link Snapshotter#view}, completed once the view exists durably. */
    CompletableFuture<List<Mount>> viewAsync(String key, String parent, Map<String, String> labels);

    /** {@link Snapshotter#commit}, completed once the commit is durable. */
    CompletableFuture<Void> commitAsync(String name, String key, Map<String, String> labels);

    /** {@link Snapshotter#remove}, completed once the removal is durable. */
    CompletableFuture<Void> removeAsync(String key);

    /**
     * The changing calls of {@code snapshotter}: itself if it completes them asynchronously, else
     * futures that are complete on return, the synchronous call having run on the caller's thread.
     */
    static AsyncSnapshotter of(Snapshotter snapshotter) {
        if (snapshotter instanceof AsyncSnapshotter async) {
            return async;
        }
        return new AsyncSnapshotter() {
            @Override
            public CompletableFuture<Info> updateAsync(Info info, List<String> fieldPaths) {
                return failingFast(() -> CompletableFuture.completedFuture(snapshotter.update(info, fieldPaths)));
            }

            @Override
            public CompletableFuture<List<Mount>> prepareAsync(String key, String parent, Map<String, String> labels) {
                return failingFast(() -> CompletableFuture.completedFuture(snapshotter.prepare(key, parent, labels)));
            }

            @Override
            public CompletableFuture<List<Mount>> viewAsync(String key, String parent, Map<String, String> labels) {
                return failingFast(() -> CompletableFuture.completedFuture(snapshotter.view(key, parent, labels)));
            }

            @Override
            public CompletableFuture<Void> commitAsync(String name, String key, Map<String, String> labels) {
                return failingFast(() -> {
                    snapshotter.commit(name, key, labels);
                    return CompletableFuture.completedFuture(null);
                });
            }

            @Override
            public CompletableFuture<Void> removeAsync(String key) {
                return failingFast(() -> {
                    snapshotter.remove(key);
                    return CompletableFuture.completedFuture(null);
                });
            }
        };
    }

    /** The future that {@code call} returns, or a failed one if it throws instead. */
    static <T> CompletableFuture<T> failingFast(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
