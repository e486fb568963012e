package dev.strata.build.solver;

import java.time.Duration;

/** What happened to one vertex during a solve, for progress output. */
public sealed interface ProgressEvent {

  /** The vertex's op digest. */
  String digest();

  /** The vertex's custom name, or its digest when it has none. */
  String name();

  /** The op began to execute. */
  record Started(String digest, String name) implements ProgressEvent {}

  /** The vertex's result came from the cache (or from an identical vertex's run): nothing executed. */
  record Cached(String digest, String name) implements ProgressEvent {}

  /** The op executed and its outputs are committed and indexed. */
  record Done(String digest, String name, Duration duration) implements ProgressEvent {}

  /** The op failed; the build stops. */
  record Failed(String digest, String name, String error) implements ProgressEvent {}

  /** A line the op logged while executing. */
  record Log(String digest, String name, String line) implements ProgressEvent {}
}
