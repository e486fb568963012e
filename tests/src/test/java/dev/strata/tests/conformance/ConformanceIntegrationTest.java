package dev.strata.tests.conformance;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * containerd's own snapshotter conformance suite (snapshots/testsuite), run through containerd's
 * proxy client against {@code bin/strata-snapshotter}, one daemon per case; each case is a test.
 * {@code -Dstrata.daemon="COMMAND ARGS"} points the suite at another daemon, such as the reference
 * built by {@code tests/bench/reference/build.sh}. Needs root, Go and containerd's Go sources.
 */
class ConformanceIntegrationTest {

  private static final Path REPOSITORY_ROOT = Path.of("").toAbsolutePath().getParent();

  @TestFactory
  Stream<DynamicTest> conformanceCases() throws Exception {
    String daemon =
        System.getProperty(
            "strata.daemon", REPOSITORY_ROOT.resolve("bin/strata-snapshotter").toString());
    ConformanceSuite.Run run = ConformanceSuite.run(REPOSITORY_ROOT, daemon);
    GoTestReport report = run.report();
    if (report.cases().isEmpty()) {
      fail(
          "the conformance suite against "
              + daemon
              + " produced no cases (exit status "
              + run.exitStatus()
              + "):\n"
              + report.outsideOutput());
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (GoTestReport.Case testCase : report.cases()) {
      tests.add(dynamicTest(testCase.name(), () -> verdict(testCase)));
    }
    boolean anyCaseFailed =
        report.cases().stream().anyMatch(c -> c.outcome() == GoTestReport.Outcome.FAILED);
    if (run.exitStatus() != 0 && !anyCaseFailed) {
      tests.add(
          dynamicTest(
              "suite run",
              () ->
                  fail(
                      "the conformance suite exited with status "
                          + run.exitStatus()
                          + " though no case failed:\n"
                          + report.outsideOutput())));
    }
    return tests.stream();
  }

  private static void verdict(GoTestReport.Case testCase) {
    switch (testCase.outcome()) {
      case PASSED -> {}
      // Surefire's reports name dynamic tests by index, so the messages carry the case's name.
      case SKIPPED -> Assumptions.abort(testCase.name() + " skipped:\n" + testCase.output());
      case FAILED -> fail(testCase.name() + " failed:\n" + testCase.output());
    }
  }
}
