package dev.strata.tests.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/** Runs containerd's snapshotter conformance suite through {@code tests/conformance/run.sh}. */
final class ConformanceSuite {

  /** What one run of the suite produced. */
  record Run(int exitStatus, GoTestReport report) {}

  private ConformanceSuite() {}

  /**
   * Runs the suite against {@code daemonCommand} (a command line to which the harness appends
   * {@code --root} and {@code --address}) and waits for it; go test's own timeout bounds the run.
   */
  static Run run(Path repositoryRoot, String daemonCommand) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(
                repositoryRoot.resolve("tests/conformance/run.sh").toString(), "-json")
            .directory(repositoryRoot.toFile())
            .redirectErrorStream(true);
    builder.environment().put("STRATA_DAEMON", daemonCommand);
    Process process = builder.start();
    process.getOutputStream().close();
    List<String> lines;
    try (BufferedReader output =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      lines = output.lines().toList();
    } catch (RuntimeException e) {
      process.destroy();
      throw e;
    }
    return new Run(process.waitFor(), GoTestReport.parse(lines));
  }
}
