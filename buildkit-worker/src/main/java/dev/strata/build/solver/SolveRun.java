package dev.strata.build.solver;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.VertexInput;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.ContentKeyedOp;
import dev.strata.build.ops.OpContext;
import dev.strata.build.ops.Session;
import dev.strata.snapshots.NotFoundException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;

/** One solve: decides what is cached, schedules the rest, and stops at the first failure. */
final class SolveRun {
  private final SolveResources resources;
  private final ExecutorService executor;
  private final Session session;
  private final ProgressListener listener;
  private final Map<String, CompletableFuture<List<CommittedSnapshot>>> results = new ConcurrentHashMap<>();
  /**
   * The key each vertex's result was found or made under, which its consumers' keys chain from: the
   * content key of a vertex that has one, so that a copy which a content change did not touch keeps
   * everything after it cached, as BuildKit's cache records do.
   */
  private final Map<String, String> resultKeys = new ConcurrentHashMap<>();
  private final AtomicReference<SolveException> failure = new AtomicReference<>();
  private final RunningOps ops = new RunningOps();

  SolveRun(SolveResources resources, ExecutorService executor, Session session, ProgressListener listener) {
    this.resources = resources;
    this.executor = executor;
    this.session = session;
    this.listener = listener;
  }

  CommittedSnapshot solve(LlbDefinition definition) {
    Map<String, PlannedVertex> plan = resources.planner().plan(definition, session);
    VertexInput result = definition.result();
    List<PlannedVertex> order = new ArrayList<>(plan.values());
    Set<String> needed = new HashSet<>(Set.of(result.vertex().digest()));
    Map<String, List<CommittedSnapshot>> cached = new ConcurrentHashMap<>();
    Collections.reverse(order);
    for (PlannedVertex vertex : order) {
      if (!needed.contains(vertex.vertex().digest())) {
        continue;
      }
      Optional<List<CommittedSnapshot>> hit = cachedOutputs(vertex.cacheKey(), vertex);
      if (hit.isPresent()) {
        cached.put(vertex.vertex().digest(), hit.get());
      } else {
        vertex.vertex().inputs().forEach(input -> needed.add(input.vertex().digest()));
      }
    }
    Collections.reverse(order);
    for (PlannedVertex vertex : order) {
      String digest = vertex.vertex().digest();
      if (cached.containsKey(digest)) {
        resultKeys.put(digest, vertex.cacheKey());
        listener.onEvent(new ProgressEvent.Cached(digest, vertex.name()));
        results.put(digest, CompletableFuture.completedFuture(cached.get(digest)));
      } else if (needed.contains(digest)) {
        results.put(digest, schedule(vertex));
      } else {
        // as in BuildKit, a step that a cached later step makes unnecessary shows as cached
        listener.onEvent(new ProgressEvent.Cached(digest, vertex.name()));
      }
    }
    awaitAll();
    SolveException error = failure.get();
    if (error != null) {
      throw error;
    }
    return results.get(result.vertex().digest()).join().get(result.index());
  }

  /** Waits for every result; an interrupt of the waiting thread cancels the solve. */
  private void awaitAll() {
    try {
      CompletableFuture.allOf(results.values().toArray(CompletableFuture[]::new))
          .handle((ignored, e) -> null)
          .get();
    } catch (InterruptedException e) {
      ops.cancel();
      Thread.currentThread().interrupt();
      throw new CancellationException("failed to solve: the build was cancelled");
    } catch (ExecutionException e) {
      throw new IllegalStateException("failed to solve: handled results cannot fail", e);
    }
    for (CompletableFuture<List<CommittedSnapshot>> future : results.values()) {
      if (future.isCompletedExceptionally()) {
        try {
          future.join();
        } catch (CompletionException | CancellationException e) {
          Throwable cause = e instanceof CompletionException ? e.getCause() : e;
          if (cause instanceof SolveException solveException) {
            failure.compareAndSet(null, solveException);
          }
        }
      }
    }
  }

  private CompletableFuture<List<CommittedSnapshot>> schedule(PlannedVertex vertex) {
    CompletableFuture<?>[] inputs =
        vertex.vertex().inputs().stream()
            .map(input -> results.get(input.vertex().digest()))
            .toArray(CompletableFuture[]::new);
    return CompletableFuture.allOf(inputs).thenCompose(ignored -> runOnce(vertex));
  }

  private CompletableFuture<List<CommittedSnapshot>> runOnce(PlannedVertex vertex) {
    CompletableFuture<List<CommittedSnapshot>> execution = new CompletableFuture<>();
    CompletableFuture<List<CommittedSnapshot>> running =
        resources.inFlight().putIfAbsent(vertex.cacheKey(), execution);
    if (running != null) {
      return running.thenApply(
          outputs -> {
            resultKeys.put(vertex.vertex().digest(), vertex.cacheKey());
            listener.onEvent(new ProgressEvent.Cached(vertex.vertex().digest(), vertex.name()));
            return outputs;
          });
    }
    executor.execute(
        () -> {
          // leave the in-flight map before completing, so that a later request runs or hits the index
          try {
            List<CommittedSnapshot> outputs = ops.run(() -> execute(vertex));
            resources.inFlight().remove(vertex.cacheKey(), execution);
            execution.complete(outputs);
          } catch (RuntimeException e) {
            resources.inFlight().remove(vertex.cacheKey(), execution);
            execution.completeExceptionally(e);
          }
        });
    return execution;
  }

  private List<CommittedSnapshot> execute(PlannedVertex vertex) {
    String digest = vertex.vertex().digest();
    if (failure.get() != null) {
      throw new CancellationException("not started: " + failure.get().vertexName() + " failed");
    }
    Optional<List<CommittedSnapshot>> hit = cachedOutputs(vertex.cacheKey(), vertex);
    if (hit.isPresent()) {
      return cached(vertex, vertex.cacheKey(), hit.get());
    }
    OpContext context =
        new OpContext(
            resources.snapshotter(),
            resources.mounter(),
            resources.mountRoot(),
            line -> listener.onEvent(new ProgressEvent.Log(digest, vertex.name(), line)),
            session);
    try {
      List<CommittedSnapshot> inputs = new ArrayList<>();
      for (VertexInput input : vertex.vertex().inputs()) {
        inputs.add(results.get(input.vertex().digest()).join().get(input.index()));
      }
      List<String> inputKeys = resultInputKeys(vertex);
      String resultKey = vertex.cacheKeyOn(inputKeys);
      List<String> keys = new ArrayList<>(List.of(vertex.cacheKey()));
      if (!resultKey.equals(vertex.cacheKey())) {
        hit = cachedOutputs(resultKey, vertex);
        if (hit.isPresent()) {
          return cached(vertex, resultKey, hit.get());
        }
        keys.add(resultKey);
      }
      if (!vertex.ignoreCache()) {
        Optional<String> contentKey = resources.contentKeys().of(vertex, inputKeys, inputs, context);
        if (contentKey.isPresent()) {
          resultKey = contentKey.get();
          hit = cachedOutputs(resultKey, vertex);
          if (hit.isPresent()) {
            return cached(vertex, resultKey, hit.get());
          }
          keys.add(resultKey);
        }
      }
      resultKeys.put(digest, resultKey);
      listener.onEvent(new ProgressEvent.Started(digest, vertex.name()));
      long start = System.nanoTime();
      List<CommittedSnapshot> outputs = vertex.op().execute(context, inputs);
      requireUnchangedContent(vertex, outputs);
      index(keys, outputs);
      listener.onEvent(new ProgressEvent.Done(digest, vertex.name(), Duration.ofNanos(System.nanoTime() - start)));
      return outputs;
    } catch (Exception e) {
      SolveException error = new SolveException(digest, vertex.name(), e);
      failure.compareAndSet(null, error);
      listener.onEvent(new ProgressEvent.Failed(digest, vertex.name(), error.getMessage()));
      throw error;
    }
  }

  /**
   * A content-keyed op read its content after its key was computed: reading the key again (cheap, file
   * digests are remembered) makes sure that what it imported is what the key says.
   */
  private void requireUnchangedContent(PlannedVertex vertex, List<CommittedSnapshot> outputs) throws IOException {
    if (!(vertex.op() instanceof ContentKeyedOp keyed)) {
      return;
    }
    try {
      if (!keyed.contentKey(session).equals(vertex.cacheKey())) {
        throw new IOException("failed to import " + vertex.name() + ": its content changed while it was read; build again");
      }
    } catch (IOException | RuntimeException e) {
      CommittedSnapshot.removeAfter(e, resources.snapshotter(), outputs);
      throw e;
    }
  }

  /** The keys of a vertex's inputs as their results were found or made in this solve. */
  private List<String> resultInputKeys(PlannedVertex vertex) {
    List<String> keys = new ArrayList<>();
    for (VertexInput input : vertex.vertex().inputs()) {
      keys.add(SolvePlanner.inputKey(resultKeys.get(input.vertex().digest()), input.index()));
    }
    return keys;
  }

  /** Records a cache hit under {@code key}, and under the definition key for the next solve's planning. */
  private List<CommittedSnapshot> cached(PlannedVertex vertex, String key, List<CommittedSnapshot> outputs) {
    if (!key.equals(vertex.cacheKey())) {
      resources.index().put(vertex.cacheKey(), names(outputs));
    }
    resultKeys.put(vertex.vertex().digest(), key);
    listener.onEvent(new ProgressEvent.Cached(vertex.vertex().digest(), vertex.name()));
    return outputs;
  }

  private void index(List<String> keys, List<CommittedSnapshot> outputs) {
    try {
      for (String key : keys) {
        resources.index().put(key, names(outputs));
      }
    } catch (RuntimeException e) {
      CommittedSnapshot.removeAfter(e, resources.snapshotter(), outputs);
      throw e;
    }
  }

  private static List<String> names(List<CommittedSnapshot> snapshots) {
    return snapshots.stream().map(CommittedSnapshot::name).toList();
  }

  private Optional<List<CommittedSnapshot>> cachedOutputs(String key, PlannedVertex vertex) {
    if (vertex.ignoreCache()) {
      return Optional.empty();
    }
    Optional<List<String>> names = resources.index().lookup(key);
    if (names.isEmpty()) {
      return Optional.empty();
    }
    List<CommittedSnapshot> outputs = new ArrayList<>();
    for (String name : names.get()) {
      if (!name.isEmpty() && !exists(name)) {
        return Optional.empty();
      }
      outputs.add(new CommittedSnapshot(name));
    }
    return Optional.of(outputs);
  }

  private boolean exists(String name) {
    try {
      resources.snapshotter().stat(name);
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
