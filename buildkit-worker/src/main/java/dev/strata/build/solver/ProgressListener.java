package dev.strata.build.solver;

/** Receives progress events, from several threads at once. */
@FunctionalInterface
public interface ProgressListener {
  ProgressListener IGNORE = event -> {};

  void onEvent(ProgressEvent event);
}
