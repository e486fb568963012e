package dev.strata.build.frontend.dockerfile.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Variable substitution and word splitting as BuildKit's shell lexer does it (not a shell): quotes,
 * the escape token, {@code $V}, {@code ${V}}, {@code ${V:-x}}, {@code ${V-x}}, {@code ${V:+x}},
 * {@code ${V+x}}, {@code ${V:?x}}, {@code ${V?x}}. Immutable; the {@code with*} methods return
 * variants.
 */
public final class ShellLexer {
  private static final int EOF = -1;

  private final char escapeToken;
  private final boolean rawQuotes;
  private final boolean rawEscapes;
  private final boolean skipProcessQuotes;
  private final boolean skipUnsetEnv;

  private ShellLexer(char escapeToken, boolean rawQuotes, boolean rawEscapes, boolean skipProcessQuotes,
      boolean skipUnsetEnv) {
    this.escapeToken = escapeToken;
    this.rawQuotes = rawQuotes;
    this.rawEscapes = rawEscapes;
    this.skipProcessQuotes = skipProcessQuotes;
    this.skipUnsetEnv = skipUnsetEnv;
  }

  public static ShellLexer of(char escapeToken) {
    return new ShellLexer(escapeToken, false, false, false, false);
  }

  /** Quotes are kept in the result. */
  public ShellLexer withRawQuotes() {
    return new ShellLexer(escapeToken, true, rawEscapes, skipProcessQuotes, skipUnsetEnv);
  }

  /** Escape tokens are kept in the result. */
  public ShellLexer withRawEscapes() {
    return new ShellLexer(escapeToken, rawQuotes, true, skipProcessQuotes, skipUnsetEnv);
  }

  /** Quotes are plain characters. */
  public ShellLexer withSkipProcessQuotes() {
    return new ShellLexer(escapeToken, rawQuotes, rawEscapes, true, skipUnsetEnv);
  }

  /** A reference to an unset variable stays as written. */
  public ShellLexer withSkipUnsetEnv() {
    return new ShellLexer(escapeToken, rawQuotes, rawEscapes, skipProcessQuotes, true);
  }

  /** The word with variables substituted and quotes removed. */
  public String processWord(String word, Map<String, String> env) {
    return new Scan(word, env).process().word;
  }

  /** The words the text splits into at unquoted whitespace, after substitution. */
  public List<String> processWords(String text, Map<String, String> env) {
    return new Scan(text, env).process().words;
  }

  private record Result(String word, List<String> words) {}

  /** Collects words: whitespace from substitutions splits, quoted or escaped text does not. */
  private static final class Words {
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;

    void addChar(int ch) {
      if (Character.isWhitespace(ch)) {
        if (inWord && word.length() > 0) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        addRawChar(ch);
      }
    }

    void addRawChar(int ch) {
      word.appendCodePoint(ch);
      inWord = true;
    }

    void addString(String s) {
      s.codePoints().forEach(this::addChar);
    }

    void addRawString(String s) {
      word.append(s);
      inWord = true;
    }

    List<String> get() {
      if (word.length() > 0) {
        words.add(word.toString());
        word.setLength(0);
        inWord = false;
      }
      return List.copyOf(words);
    }
  }

  private final class Scan {
    private final String source;
    private final Map<String, String> env;
    private int pos;

    Scan(String source, Map<String, String> env) {
      this.source = Objects.requireNonNull(source, "source");
      this.env = env;
    }

    Result process() {
      try {
        return processStopOn(EOF);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("failed to process \"" + source + "\": " + e.getMessage(), e);
      }
    }

    private int peek() {
      return pos < source.length() ? source.charAt(pos) : EOF;
    }

    private int next() {
      return pos < source.length() ? source.charAt(pos++) : EOF;
    }

    private Result processStopOn(int stop) {
      StringBuilder result = new StringBuilder();
      Words words = new Words();
      while (peek() != EOF) {
        int ch = peek();
        if (stop != EOF && ch == stop) {
          next();
          return new Result(result.toString(), words.get());
        }
        if (ch == '$') {
          String value = processDollar();
          result.append(value);
          words.addString(value);
        } else if (!skipProcessQuotes && (ch == '\'' || ch == '"')) {
          String value = ch == '\'' ? processSingleQuote() : processDoubleQuote();
          result.append(value);
          words.addRawString(value);
        } else {
          ch = next();
          if (ch == escapeToken) {
            if (rawEscapes) {
              words.addRawChar(ch);
              result.appendCodePoint(ch);
            }
            ch = next();
            if (ch == EOF) {
              break;
            }
            words.addRawChar(ch);
          } else {
            words.addChar(ch);
          }
          result.appendCodePoint(ch);
        }
      }
      if (stop != EOF) {
        throw new IllegalArgumentException("unexpected end of statement while looking for matching " + (char) stop);
      }
      return new Result(result.toString(), words.get());
    }

    private String processSingleQuote() {
      StringBuilder result = new StringBuilder();
      int ch = next();
      if (rawQuotes) {
        result.appendCodePoint(ch);
      }
      while (true) {
        ch = next();
        if (ch == EOF) {
          throw new IllegalArgumentException("unexpected end of statement while looking for matching single-quote");
        }
        if (ch == '\'') {
          if (rawQuotes) {
            result.appendCodePoint(ch);
          }
          return result.toString();
        }
        result.appendCodePoint(ch);
      }
    }

    private String processDoubleQuote() {
      StringBuilder result = new StringBuilder();
      int ch = next();
      if (rawQuotes) {
        result.appendCodePoint(ch);
      }
      while (true) {
        int peeked = peek();
        if (peeked == EOF) {
          throw new IllegalArgumentException("unexpected end of statement while looking for matching double-quote");
        }
        if (peeked == '"') {
          next();
          if (rawQuotes) {
            result.append('"');
          }
          return result.toString();
        }
        if (peeked == '$') {
          result.append(processDollar());
          continue;
        }
        ch = next();
        if (ch == escapeToken) {
          if (rawEscapes) {
            result.appendCodePoint(ch);
          }
          int after = peek();
          if (after == EOF) {
            continue;
          }
          if (after == '"' || after == '$' || after == escapeToken) {
            ch = next();
          }
        }
        result.appendCodePoint(ch);
      }
    }

    private String processDollar() {
      next();
      if (peek() != '{') {
        String name = processName();
        if (name.isEmpty()) {
          return "$";
        }
        String value = env.get(name);
        if (value == null && skipUnsetEnv) {
          return "$" + name;
        }
        return value == null ? "" : value;
      }
      next();
      int first = peek();
      if (first == EOF) {
        throw new IllegalArgumentException("syntax error: missing '}'");
      }
      if (first == '{' || first == '}' || first == ':') {
        throw new IllegalArgumentException("syntax error: bad substitution");
      }
      String name = processName();
      int ch = next();
      if (ch == '}') {
        String value = env.get(name);
        if (value == null && skipUnsetEnv) {
          return "${" + name + "}";
        }
        return value == null ? "" : value;
      }
      String modifier;
      boolean nullIsUnset = ch == ':';
      if (nullIsUnset) {
        ch = next();
        modifier = ":" + (char) ch;
      } else {
        modifier = String.valueOf((char) ch);
      }
      if (ch != '+' && ch != '-' && ch != '?') {
        throw new IllegalArgumentException(nullIsUnset
            ? "unsupported modifier (" + modifier + ") in substitution" : "missing ':' in substitution");
      }
      String word;
      try {
        word = processStopOn('}').word;
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("syntax error: missing '}'", e);
      }
      String value = env.get(name);
      boolean set = value != null;
      if (!set && skipUnsetEnv) {
        return "${" + name + modifier + word + "}";
      }
      boolean empty = !set || (nullIsUnset && value.isEmpty());
      return switch (ch) {
        case '-' -> empty ? word : value;
        case '+' -> empty ? "" : word;
        default -> {
          if (!set) {
            throw new IllegalArgumentException(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
          }
          if (empty) {
            throw new IllegalArgumentException(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
          }
          yield value;
        }
      };
    }

    private String processName() {
      StringBuilder name = new StringBuilder();
      while (peek() != EOF) {
        int ch = peek();
        if (name.length() == 0 && Character.isDigit(ch)) {
          while (peek() != EOF && Character.isDigit(peek())) {
            name.appendCodePoint(next());
          }
          return name.toString();
        }
        if (name.length() == 0 && "@*#?-$!0".indexOf(ch) >= 0) {
          return String.valueOf((char) next());
        }
        if (!Character.isLetter(ch) && !Character.isDigit(ch) && ch != '_') {
          break;
        }
        name.appendCodePoint(next());
      }
      return name.toString();
    }
  }
}
