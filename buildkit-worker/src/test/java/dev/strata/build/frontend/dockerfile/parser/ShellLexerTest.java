package dev.strata.build.frontend.dockerfile.parser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellLexerTest {
  private static final Map<String, String> ENV = Map.of("SET", "value", "EMPTY", "", "SPACED", "a b");
  private static final ShellLexer LEXER = ShellLexer.of('\\');

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
      "$SET|value",
      "${SET}|value",
      "$UNSET|~~",
      "${SET:-x}|value",
      "${EMPTY:-x}|x",
      "${UNSET:-x}|x",
      "${SET-x}|value",
      "${EMPTY-x}|~~",
      "${UNSET-x}|x",
      "${SET:+x}|x",
      "${EMPTY:+x}|~~",
      "${UNSET:+x}|~~",
      "${SET+x}|x",
      "${EMPTY+x}|x",
      "${UNSET+x}|~~",
      "'$SET'|$SET",
      "\"$SET\"|value",
      "\\$SET|$SET",
      "pre${SET}post|prevaluepost",
      "${UNSET:-${SET}}|value",
  })
  void substitutesAsBuildKitsShellLexer(String word, String expected) {
    assertEquals(expected, LEXER.processWord(word, ENV));
  }

  @Test
  void splitsWordsAtUnquotedWhitespaceIncludingSubstitutedValues() {
    assertEquals(List.of("a", "b", "c d", "x"), LEXER.processWords("$SPACED 'c d' x", ENV));
  }

  @Test
  void keepsUnsetReferencesWhenAsked() {
    assertEquals("$UNSET ${NOPE:-x}", LEXER.withSkipUnsetEnv().processWord("$UNSET ${NOPE:-x}", ENV));
  }

  @Test
  void keepsQuotesWhenAsked() {
    assertEquals("'a' \"value\"", LEXER.withRawQuotes().processWord("'a' \"$SET\"", ENV));
  }

  @Test
  void usesTheBacktickAsEscapeTokenWhenSet() {
    assertEquals("$SET", ShellLexer.of('`').processWord("`$SET", ENV));
  }

  @Test
  void requiredVariableMissingIsAnError() {
    assertThrows(IllegalArgumentException.class, () -> LEXER.processWord("${UNSET:?needed}", ENV));
    assertThrows(IllegalArgumentException.class, () -> LEXER.processWord("${EMPTY:?needed}", ENV));
    assertThrows(IllegalArgumentException.class, () -> LEXER.processWord("'open", ENV));
    assertThrows(IllegalArgumentException.class, () -> LEXER.processWord("${SET", ENV));
  }
}
