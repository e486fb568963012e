package dev.strata.build.progress;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** What a printer knows of one vertex, fed by its progress events; guarded by the printer's lock. */
final class VertexState {
  static final int KEPT_LOG_LINES = 6;

  final int index;
  final String digest;
  final String name;
  final Instant firstSeen;
  Instant started;
  Instant completed;
  boolean cached;
  String error;
  final Deque<String> lastLogs = new ArrayDeque<>();

  VertexState(int index, String digest, String name, Instant firstSeen) {
    this.index = index;
    this.digest = digest;
    this.name = name;
    this.firstSeen = firstSeen;
  }

  boolean isCompleted() {
    return completed != null;
  }

  void log(String line) {
    lastLogs.addLast(line);
    if (lastLogs.size() > KEPT_LOG_LINES) {
      lastLogs.removeFirst();
    }
  }
}
