package dev.strata.build.ops.snapshot;

/** A diff whose lower side is not among its upper side's parents, which the diff op cannot compute. */
public final class UnrelatedDiffException extends RuntimeException {
  public UnrelatedDiffException(String op, String lower, String upper) {
    super("failed to diff in " + op + ": lower snapshot " + lower + " is not a parent of upper snapshot " + upper
        + " (a diff between unrelated snapshots is not supported)");
  }
}
