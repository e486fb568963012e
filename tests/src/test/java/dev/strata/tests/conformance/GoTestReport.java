package dev.strata.tests.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The result of one {@code go test -json} run: every subtest of a top-level test is a case (named
 * without the top-level test's prefix); everything else the run printed is kept as outside output.
 */
final class GoTestReport {

  /** How a case ended; a case that started but never reported a result (a panic, a timeout) failed. */
  enum Outcome {
    PASSED,
    FAILED,
    SKIPPED
  }

  record Case(String name, Outcome outcome, String output) {}

  /** Lines go test prints to frame a test's own output. */
  private static final Pattern FRAMING =
      Pattern.compile("^\\s*(=== (RUN|PAUSE|CONT|NAME)\\s|--- (PASS|FAIL|SKIP): ).*", Pattern.DOTALL);

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<Case> cases;
  private final String outsideOutput;

  private GoTestReport(List<Case> cases, String outsideOutput) {
    this.cases = List.copyOf(cases);
    this.outsideOutput = outsideOutput;
  }

  /** Parses the lines of a {@code go test -json} run; lines that are not test events are outside output. */
  static GoTestReport parse(List<String> lines) {
    Map<String, StringBuilder> caseOutputs = new LinkedHashMap<>();
    Map<String, Outcome> outcomes = new LinkedHashMap<>();
    StringBuilder outside = new StringBuilder();
    for (String line : lines) {
      JsonNode event = readEvent(line);
      if (event == null) {
        outside.append(line).append('\n');
        continue;
      }
      String test = event.path("Test").asText("");
      String action = event.path("Action").asText("");
      String output = event.path("Output").asText("");
      int slash = test.indexOf('/');
      if (slash < 0) {
        outside.append(output);
        continue;
      }
      String name = test.substring(slash + 1);
      StringBuilder caseOutput = caseOutputs.computeIfAbsent(name, n -> new StringBuilder());
      switch (action) {
        case "output" -> {
          if (!FRAMING.matcher(output).matches()) {
            caseOutput.append(output);
          }
        }
        case "pass" -> outcomes.put(name, Outcome.PASSED);
        case "fail" -> outcomes.put(name, Outcome.FAILED);
        case "skip" -> outcomes.put(name, Outcome.SKIPPED);
        default -> {}
      }
    }
    List<Case> cases = new ArrayList<>();
    caseOutputs.forEach(
        (name, output) -> {
          Outcome outcome = outcomes.get(name);
          if (outcome == null) {
            output.append("the case started but reported no result\n");
            outcome = Outcome.FAILED;
          }
          cases.add(new Case(name, outcome, output.toString()));
        });
    return new GoTestReport(cases, outside.toString());
  }

  private static JsonNode readEvent(String line) {
    if (!line.startsWith("{")) {
      return null;
    }
    try {
      JsonNode node = JSON.readTree(line);
      return node.has("Action") ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** The cases in the order they started. */
  List<Case> cases() {
    return cases;
  }

  /** Output of the run that belongs to no case: build errors, package and top-level test output. */
  String outsideOutput() {
    return outsideOutput;
  }
}
