package dev.strata.build.serve;

/**
 * How a build on the daemon ended.
 *
 * @param status {@code ok}, {@code failed} (the build failed: exit 1) or {@code rejected} (the request
 *     cannot be run as given: exit 2)
 * @param message the error, for {@code failed} and {@code rejected}
 */
record Outcome(String status, String message) {
  static final String OK = "ok";
  static final String FAILED = "failed";
  static final String REJECTED = "rejected";
}
