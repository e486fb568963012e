package dev.strata.build.frontend.dockerfile.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.frontend.dockerfile.DockerfileException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileParserTest {
  private static List<Node> nodes(String text) {
    return DockerfileParser.parse("Dockerfile", text).nodes();
  }

  @Test
  void readsDirectivesOnlyAtTheTop() {
    ParsedDockerfile parsed = DockerfileParser.parse("Dockerfile",
        "# syntax=docker/dockerfile:1\n# escape=`\nFROM a\nRUN echo `\n  b\n# escape=\\\n");

    assertEquals(Optional.of("docker/dockerfile:1"), parsed.syntax());
    assertEquals('`', parsed.escapeToken());
    assertEquals(List.of("echo   b"), parsed.nodes().get(1).args());
  }

  @Test
  void joinsContinuationsSkippingCommentAndEmptyLines() {
    List<Node> nodes = nodes("FROM a\n# comment\nRUN echo one \\\n# inside\n\n  two\nCMD x\n");

    assertEquals(3, nodes.size());
    Node run = nodes.get(1);
    assertEquals(List.of("echo one   two"), run.args());
    assertEquals(3, run.startLine());
    assertEquals(6, run.endLine());
    assertEquals(7, nodes.get(2).startLine());
  }

  @Test
  void tellsJsonFromShellForm() {
    List<Node> nodes = nodes("FROM a\nCMD [\"a\", \"b c\"]\nCMD [not json\nCOPY [\"x y\", \"/d\"]\nCOPY a b /d\n");

    assertTrue(nodes.get(1).json());
    assertEquals(List.of("a", "b c"), nodes.get(1).args());
    assertFalse(nodes.get(2).json());
    assertEquals(List.of("[not json"), nodes.get(2).args());
    assertEquals(List.of("x y", "/d"), nodes.get(3).args());
    assertEquals(List.of("a", "b", "/d"), nodes.get(4).args());
  }

  @Test
  void splitsFlagsFromArguments() {
    Node copy = nodes("FROM a\nCOPY --from=b --chown=\"1:2\" src /d\n").get(1);

    assertEquals(List.of("--from=b", "--chown=1:2"), copy.flags());
    assertEquals(List.of("src", "/d"), copy.args());
  }

  @Test
  void readsEnvAndLabelPairsInBothForms() {
    List<Node> nodes = nodes("FROM a\nENV A=1 B=\"two words\"\nENV C three words\nLABEL x=y\n");

    assertEquals(List.of("A", "1", "B", "\"two words\""), nodes.get(1).args());
    assertEquals(List.of("C", "three words"), nodes.get(2).args());
    assertEquals(List.of("x", "y"), nodes.get(3).args());
  }

  @Test
  void readsHeredocsWithChompAndQuotedNames() {
    List<Node> nodes = nodes("FROM a\nRUN <<EOF\necho $HOME\nEOF\nCOPY <<-'A' <<B /d/\n\t\tx\n\tA\ny\nB\nCMD z\n");

    Heredoc run = nodes.get(1).heredocs().get(0);
    assertEquals(new Heredoc("EOF", "echo $HOME\n", true, false), run);
    List<Heredoc> copy = nodes.get(2).heredocs();
    assertEquals(new Heredoc("A", "\t\tx\n", false, true), copy.get(0));
    assertEquals("x\n", copy.get(0).data());
    assertEquals(new Heredoc("B", "y\n", true, false), copy.get(1));
    assertEquals(4, nodes.get(1).endLine());
    assertEquals(List.of("z"), nodes.get(3).args());
  }

  @Test
  void anUnterminatedHeredocNamesItsLine() {
    DockerfileException e = assertThrows(DockerfileException.class, () -> nodes("FROM a\n\nRUN <<EOF\necho\n"));

    assertEquals(3, e.line());
    assertEquals(1, e.column());
    assertEquals("Dockerfile", e.file());
  }

  @Test
  void aFileWithNoInstructionsIsAnError() {
    assertThrows(DockerfileException.class, () -> nodes("# only a comment\n\n"));
  }

  @Test
  void aBadEscapeDirectiveNamesItsLine() {
    DockerfileException e = assertThrows(DockerfileException.class, () -> nodes("# escape=x\nFROM a\n"));

    assertEquals(1, e.line());
  }

  @Test
  void aNonStringJsonArrayIsAnError() {
    DockerfileException e = assertThrows(DockerfileException.class, () -> nodes("FROM a\n\nCMD [1, 2]\n"));

    assertEquals(3, e.line());
  }
}
