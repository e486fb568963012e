package dev.strata.build.frontend.dockerfile.parser;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Splits the text after an instruction's keyword into flags and arguments, per instruction, as
 * BuildKit's parser does (line_parsers.go, split_command.go).
 */
final class LineParsers {
  static final Pattern WHITESPACE = Pattern.compile("[\\t\\x0B\\f\\r ]+");
  private static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  /** The arguments of a line and whether they were a JSON array. */
  record Args(List<String> values, boolean json) {
    static final Args NONE = new Args(List.of(), false);
  }

  private LineParsers() {}

  /** Keyword, flags and the rest of a logical line. */
  record Split(String keyword, List<String> flags, String rest) {}

  static Split split(String line) {
    String[] parts = WHITESPACE.split(line.strip(), 2);
    if (parts.length < 2) {
      return new Split(parts[0], List.of(), "");
    }
    List<String> flags = new ArrayList<>();
    String rest = extractFlags(parts[1], flags);
    return new Split(parts[0], flags, rest.strip());
  }

  static Args parse(String keyword, String rest, char escape) {
    return switch (keyword.toLowerCase(Locale.ROOT)) {
      case "add", "copy", "volume" -> maybeJsonToList(rest);
      case "arg" -> new Args(words(rest, escape), false);
      case "cmd", "entrypoint", "run", "shell" -> maybeJson(rest);
      case "env" -> new Args(nameValues(rest, "ENV", escape), false);
      case "label" -> new Args(nameValues(rest, "LABEL", escape), false);
      case "expose", "from" -> new Args(whitespaceDelimited(rest), false);
      case "healthcheck" -> healthcheck(rest);
      case "maintainer", "stopsignal", "user", "workdir" -> new Args(rest.isEmpty() ? List.of() : List.of(rest), false);
      default -> Args.NONE;
    };
  }

  /** Collects the leading {@code --flags} (quotes and escapes removed) and returns the text after them. */
  private static String extractFlags(String line, List<String> flags) {
    return scan(line, '\\', true, flags);
  }

  /** Words split at unquoted whitespace; quotes and escapes are kept for later expansion. */
  static List<String> words(String rest, char escape) {
    List<String> words = new ArrayList<>();
    scan(rest, escape, false, words);
    return words;
  }

  /**
   * BuildKit's two word scanners in one: in flag mode, scanning stops at the first word that does not
   * start with {@code --} (or after a lone {@code --}) and quotes and escape tokens are dropped; in
   * word mode they are kept, and single quotes protect the escape token.
   */
  private static String scan(String line, char escape, boolean flagMode, List<String> words) {
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    boolean inQuote = false;
    boolean blankOk = false;
    char quote = 0;
    for (int pos = 0; pos <= line.length(); pos++) {
      char ch = pos < line.length() ? line.charAt(pos) : 0;
      if (!inWord && !inQuote) {
        if (pos == line.length()) {
          break;
        }
        if (Character.isWhitespace(ch)) {
          continue;
        }
        if (flagMode && (ch != '-' || pos + 1 == line.length() || line.charAt(pos + 1) != '-')) {
          return line.substring(pos);
        }
        inWord = true;
      }
      if (pos == line.length()) {
        if (!(flagMode && word.toString().equals("--")) && (blankOk || word.length() > 0)) {
          words.add(word.toString());
        }
        break;
      }
      if (inWord) {
        if (Character.isWhitespace(ch)) {
          inWord = false;
          if (flagMode && word.toString().equals("--")) {
            return line.substring(pos);
          }
          if (blankOk || word.length() > 0) {
            words.add(word.toString());
          }
          word.setLength(0);
          blankOk = false;
          continue;
        }
        if (ch == '\'' || ch == '"') {
          quote = ch;
          blankOk = true;
          inWord = false;
          inQuote = true;
          if (flagMode) {
            continue;
          }
        }
      } else if (ch == quote) {
        inQuote = false;
        inWord = true;
        if (flagMode) {
          continue;
        }
      }
      if (ch == escape && (inWord || flagMode || quote != '\'')) {
        if (pos + 1 == line.length()) {
          if (inQuote) {
            inQuote = false;
            inWord = true;
          }
          continue;
        }
        if (!flagMode) {
          word.append(ch);
        }
        ch = line.charAt(++pos);
      }
      word.append(ch);
    }
    return "";
  }

  /** {@code k=v k2=v2} or the legacy {@code k v with spaces}, as key, value, key, value... */
  private static List<String> nameValues(String rest, String keyword, char escape) {
    List<String> words = words(rest, escape);
    if (words.isEmpty()) {
      return List.of();
    }
    if (!words.get(0).contains("=")) {
      String[] parts = WHITESPACE.split(rest, 2);
      if (parts.length < 2) {
        throw new IllegalArgumentException(keyword + " must have two arguments");
      }
      return List.of(parts[0], parts[1]);
    }
    List<String> pairs = new ArrayList<>();
    for (String word : words) {
      int eq = word.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException("Syntax error - can't find = in \"" + word
            + "\". Must be of the form: name=value");
      }
      pairs.add(word.substring(0, eq));
      pairs.add(word.substring(eq + 1));
    }
    return pairs;
  }

  private static List<String> whitespaceDelimited(String rest) {
    return rest.isEmpty() ? List.of() : List.of(WHITESPACE.split(rest, -1));
  }

  /** A JSON array of strings, or null when the text is not one (an array of non-strings is an error). */
  private static List<String> json(String rest) {
    String trimmed = rest.stripLeading();
    if (!trimmed.startsWith("[")) {
      return null;
    }
    JsonNode node;
    try {
      node = JSON.readerFor(JsonNode.class).readValue(trimmed);
    } catch (IOException e) {
      return null;
    }
    if (node == null || !node.isArray()) {
      return null;
    }
    List<String> values = new ArrayList<>();
    for (JsonNode element : node) {
      if (!element.isTextual()) {
        throw new IllegalArgumentException("when using JSON array syntax, arrays must be comprised of strings only");
      }
      values.add(element.asText());
    }
    return values;
  }

  private static Args maybeJson(String rest) {
    if (rest.isEmpty()) {
      return Args.NONE;
    }
    List<String> values = json(rest);
    return values != null ? new Args(values, true) : new Args(List.of(rest), false);
  }

  private static Args maybeJsonToList(String rest) {
    List<String> values = json(rest);
    return values != null ? new Args(values, true) : new Args(whitespaceDelimited(rest), false);
  }

  private static Args healthcheck(String rest) {
    int sep = 0;
    while (sep < rest.length() && !Character.isWhitespace(rest.charAt(sep))) {
      sep++;
    }
    if (sep == 0) {
      return Args.NONE;
    }
    int next = sep;
    while (next < rest.length() && Character.isWhitespace(rest.charAt(next))) {
      next++;
    }
    Args command = maybeJson(rest.substring(next));
    List<String> values = new ArrayList<>();
    values.add(rest.substring(0, sep));
    values.addAll(command.values());
    return new Args(values, command.json());
  }
}
