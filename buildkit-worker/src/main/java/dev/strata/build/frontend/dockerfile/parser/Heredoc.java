package dev.strata.build.frontend.dockerfile.parser;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An inline document ({@code <<EOF}): its name, its content up to the terminator line, whether
 * variables in it expand (an unquoted name) and whether leading tabs go ({@code <<-}).
 */
public record Heredoc(String name, String content, boolean expand, boolean chomp) {
  private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
  private static final Pattern LEADING_TABS = Pattern.compile("(?m)^\\t+");

  public Heredoc {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(content, "content");
  }

  /** The heredoc a word such as {@code <<EOF}, {@code <<-"EOF"} or {@code 3<<'X'} opens, or null if none. */
  public static Heredoc parseWord(String word) {
    Matcher match = HEREDOC.matcher(word);
    if (!match.matches() || match.group(3).isEmpty()) {
      return null;
    }
    String rest = match.group(3);
    ShellLexer lexer = ShellLexer.of('\\').withSkipUnsetEnv();
    List<String> words = lexer.processWords(rest, Map.of());
    if (words.size() != 1) {
      return null;
    }
    List<String> raw = lexer.withRawQuotes().processWords(rest, Map.of());
    boolean expand = quotes(words.get(0)) == quotes(raw.get(0));
    return new Heredoc(words.get(0), "", expand, match.group(2).equals("-"));
  }

  private static long quotes(String word) {
    return word.chars().filter(c -> c == '\'' || c == '"').count();
  }

  Heredoc withContent(String text) {
    return new Heredoc(name, text, expand, chomp);
  }

  /** The content, without leading tabs when the heredoc was opened with {@code <<-}. */
  public String data() {
    return chomp ? LEADING_TABS.matcher(content).replaceAll("") : content;
  }
}
