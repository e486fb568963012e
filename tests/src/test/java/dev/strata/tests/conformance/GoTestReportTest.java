package dev.strata.tests.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.tests.conformance.GoTestReport.Case;
import dev.strata.tests.conformance.GoTestReport.Outcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoTestReportTest {

  private static String event(String action, String test, String output) {
    String testField = test == null ? "" : ",\"Test\":\"" + test + "\"";
    String outputField = output == null ? "" : ",\"Output\":\"" + output + "\"";
    return "{\"Action\":\"" + action + "\",\"Package\":\"p\"" + testField + outputField + "}";
  }

  @Test
  void subtestsBecomeCasesWithTheirOutcomeAndOwnOutput() {
    GoTestReport report =
        GoTestReport.parse(
            List.of(
                event("run", "TestConformance", null),
                event("output", "TestConformance/Basic", "=== RUN   TestConformance/Basic\\n"),
                event("output", "TestConformance/Basic", "    daemon log line\\n"),
                event("output", "TestConformance/Rename", "    issues.go:118: fails on some kernels\\n"),
                event("output", "TestConformance/Walk", "    testsuite.go:1: not found\\n"),
                event("output", "TestConformance/Walk", "    --- FAIL: TestConformance/Walk (0.01s)\\n"),
                event("pass", "TestConformance/Basic", null),
                event("skip", "TestConformance/Rename", null),
                event("fail", "TestConformance/Walk", null),
                event("fail", "TestConformance", null)));

    assertEquals(
        List.of(
            new Case("Basic", Outcome.PASSED, "    daemon log line\n"),
            new Case("Rename", Outcome.SKIPPED, "    issues.go:118: fails on some kernels\n"),
            new Case("Walk", Outcome.FAILED, "    testsuite.go:1: not found\n")),
        report.cases());
  }

  @Test
  void caseWithoutResultFailed() {
    GoTestReport report =
        GoTestReport.parse(
            List.of(
                event("run", "TestConformance/Chown", null),
                event("output", "TestConformance/Chown", "    started\\n"),
                event("output", null, "panic: test timed out after 10m0s\\n"),
                event("fail", null, null)));

    Case chown = report.cases().get(0);
    assertEquals(Outcome.FAILED, chown.outcome());
    assertTrue(chown.output().startsWith("    started\n"));
    assertEquals("panic: test timed out after 10m0s\n", report.outsideOutput());
  }

  @Test
  void linesThatAreNotTestEventsAreOutsideOutput() {
    GoTestReport report =
        GoTestReport.parse(List.of("# conformance", "./daemon_test.go:9:2: undefined: x", "{not json"));

    assertTrue(report.cases().isEmpty());
    assertEquals(
        "# conformance\n./daemon_test.go:9:2: undefined: x\n{not json\n", report.outsideOutput());
  }
}
