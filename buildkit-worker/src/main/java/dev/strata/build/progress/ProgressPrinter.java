package dev.strata.build.progress;

import dev.strata.build.solver.ProgressListener;

/** Shows a build's progress events; {@link #close} writes what remains once the build has ended. */
public interface ProgressPrinter extends ProgressListener, AutoCloseable {
  @Override
  void close();
}
