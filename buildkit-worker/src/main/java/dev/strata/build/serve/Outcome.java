package dev.strata.build.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * How a request on the daemon ended.
 *
 * @param status {@code ok}, {@code failed} (the build failed: exit 1) or {@code rejected} (the request
 *     cannot be run as given: exit 2)
 * @param message the error, for {@code failed} and {@code rejected}
 * @param exitCode a command's exit code
 * @param stdout what a command wrote to its standard output
 * @param stderr what a command wrote to its standard error
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Outcome(String status, String message, Integer exitCode, String stdout, String stderr) {
  static final String OK = "ok";
  static final String FAILED = "failed";
  static final String REJECTED = "rejected";

  static Outcome of(String status, String message) {
    return new Outcome(status, message, null, null, null);
  }

  static Outcome ofCommand(int exitCode, String stdout, String stderr) {
    return new Outcome(OK, null, exitCode, stdout, stderr);
  }
}
