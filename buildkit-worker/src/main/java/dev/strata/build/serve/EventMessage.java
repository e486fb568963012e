package dev.strata.build.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.strata.build.solver.ProgressEvent;
import java.time.Duration;

/** A {@link ProgressEvent} on the serve socket. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record EventMessage(String type, String digest, String name, Long durationNanos, String error, String line) {

  static EventMessage of(ProgressEvent event) {
    if (event instanceof ProgressEvent.Started) {
      return new EventMessage("started", event.digest(), event.name(), null, null, null);
    } else if (event instanceof ProgressEvent.Cached) {
      return new EventMessage("cached", event.digest(), event.name(), null, null, null);
    } else if (event instanceof ProgressEvent.Done done) {
      return new EventMessage("done", event.digest(), event.name(), done.duration().toNanos(), null, null);
    } else if (event instanceof ProgressEvent.Failed failed) {
      return new EventMessage("failed", event.digest(), event.name(), null, failed.error(), null);
    } else if (event instanceof ProgressEvent.Log log) {
      return new EventMessage("log", event.digest(), event.name(), null, null, log.line());
    }
    throw new IllegalArgumentException("failed to encode progress event " + event + ": unknown kind");
  }

  ProgressEvent toEvent() {
    return switch (type) {
      case "started" -> new ProgressEvent.Started(digest, name);
      case "cached" -> new ProgressEvent.Cached(digest, name);
      case "done" -> new ProgressEvent.Done(digest, name, Duration.ofNanos(durationNanos));
      case "failed" -> new ProgressEvent.Failed(digest, name, error);
      case "log" -> new ProgressEvent.Log(digest, name, line);
      default -> throw new IllegalArgumentException("failed to decode progress event: unknown type " + type);
    };
  }
}
