package dev.strata.build.ops.local;

import java.io.IOException;

/** A {@code local://NAME} source names a directory that the build's session does not have. */
public final class UnknownLocalException extends IOException {
  UnknownLocalException(String name) {
    super("failed to read local source " + name + ": the session has no local directory named " + name
        + " (give it with --local " + name + "=DIR)");
  }
}
