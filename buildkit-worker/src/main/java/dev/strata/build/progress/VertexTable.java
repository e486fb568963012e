package dev.strata.build.progress;

import dev.strata.build.solver.ProgressEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vertices of one build in the order they were first reported, numbered from 1 as buildctl does,
 * with their state updated by each event. Not thread-safe: printers call it under their own lock.
 */
final class VertexTable {
  private final Clock clock;
  private final Map<String, VertexState> vertices = new LinkedHashMap<>();

  VertexTable(Clock clock) {
    this.clock = clock;
  }

  /** Applies {@code event} and returns the vertex's state after it. */
  VertexState apply(ProgressEvent event) {
    Instant now = clock.instant();
    VertexState vertex = vertices.computeIfAbsent(
        event.digest(), digest -> new VertexState(vertices.size() + 1, digest, event.name(), now));
    if (event instanceof ProgressEvent.Started) {
      vertex.started = now;
    } else if (event instanceof ProgressEvent.Cached) {
      vertex.cached = true;
      vertex.started = vertex.started == null ? now : vertex.started;
      vertex.completed = now;
    } else if (event instanceof ProgressEvent.Done done) {
      vertex.started = vertex.started == null ? now.minus(done.duration()) : vertex.started;
      vertex.completed = now;
    } else if (event instanceof ProgressEvent.Failed failed) {
      vertex.started = vertex.started == null ? now : vertex.started;
      vertex.completed = now;
      vertex.error = failed.error();
    } else if (event instanceof ProgressEvent.Log log) {
      vertex.log(log.line());
    }
    return vertex;
  }

  List<VertexState> all() {
    return new ArrayList<>(vertices.values());
  }

  long completedCount() {
    return vertices.values().stream().filter(VertexState::isCompleted).count();
  }

  Instant now() {
    return clock.instant();
  }
}
