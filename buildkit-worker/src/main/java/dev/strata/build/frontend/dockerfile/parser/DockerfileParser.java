package dev.strata.build.frontend.dockerfile.parser;

import dev.strata.build.frontend.dockerfile.DockerfileException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Dockerfile text into instruction nodes as BuildKit's parser does: parser directives
 * ({@code # syntax=}, {@code # escape=}) at the top, comments, line continuations with the escape
 * token (comment and empty lines inside them skipped), and heredocs after RUN, COPY and ADD.
 */
public final class DockerfileParser {
  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$");
  private static final Pattern COMMENT = Pattern.compile("^#.*$");
  private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("add", "copy", "run");

  private final String file;
  private final List<String> lines;
  private int next;
  private char escape = '\\';
  private Pattern continuation = continuationPattern('\\');
  private boolean directivesDone;
  private final Set<String> directivesSeen = new HashSet<>();
  private String syntax;

  private DockerfileParser(String file, String text) {
    this.file = file;
    this.lines = splitLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
  }

  /**
   * @param file the name errors give for the Dockerfile, e.g. {@code Dockerfile}
   * @throws DockerfileException naming the line of a syntax error
   */
  public static ParsedDockerfile parse(String file, String text) {
    return new DockerfileParser(file, text).parseAll();
  }

  private static List<String> splitLines(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int nl = text.indexOf('\n', start);
      int end = nl < 0 ? text.length() : nl + 1;
      out.add(text.substring(start, end));
      start = end;
    }
    return out;
  }

  private static Pattern continuationPattern(char escape) {
    String e = Pattern.quote(String.valueOf(escape));
    String notE = escape == '\\' ? "[^\\\\]" : "[^`]";
    return Pattern.compile("(" + notE + ")" + e + "[ \\t]*$|^" + e + "[ \\t]*$");
  }

  private ParsedDockerfile parseAll() {
    List<Node> nodes = new ArrayList<>();
    while (next < lines.size()) {
      String raw = lines.get(next);
      String processed = processLine(raw, true);
      next++;
      int startLine = next;
      String line = processed;
      boolean end = !continuation.matcher(line).find();
      line = trimContinuation(line);
      if (end && line.isEmpty()) {
        continue;
      }
      StringBuilder logical = new StringBuilder(line);
      while (!end && next < lines.size()) {
        String rawNext = lines.get(next);
        String part = processLine(rawNext, false);
        next++;
        if (isComment(rawNext) || trimNewline(rawNext).strip().isEmpty()) {
          continue;
        }
        end = !continuation.matcher(part).find();
        logical.append(trimContinuation(part));
      }
      Node node = parseLine(logical.toString(), startLine, next);
      if (canContainHeredoc(node)) {
        node = readHeredocs(node, startLine);
      }
      nodes.add(node);
    }
    if (nodes.isEmpty()) {
      throw DockerfileException.at("parse", file, Math.max(next, 1), 1, "file with no instructions");
    }
    return new ParsedDockerfile(file, nodes, escape, Optional.ofNullable(syntax));
  }

  private String trimContinuation(String line) {
    Matcher m = continuation.matcher(line);
    return m.find() ? m.replaceAll("$1") : line;
  }

  private String processLine(String raw, boolean stripLeft) {
    String token = trimNewline(raw);
    if (stripLeft) {
      token = token.stripLeading();
    }
    directive(token);
    return COMMENT.matcher(token).replaceAll("");
  }

  private void directive(String line) {
    if (directivesDone) {
      return;
    }
    Matcher m = DIRECTIVE.matcher(line);
    if (!m.matches()) {
      directivesDone = true;
      return;
    }
    String key = m.group(1).toLowerCase(Locale.ROOT);
    if (!key.equals("syntax") && !key.equals("escape")) {
      directivesDone = true;
      return;
    }
    if (!directivesSeen.add(key)) {
      throw DockerfileException.at("parse", file, next + 1, 1, "only one " + key + " parser directive can be used");
    }
    String value = m.group(2);
    if (key.equals("syntax")) {
      syntax = value;
      return;
    }
    if (!value.equals("`") && !value.equals("\\")) {
      throw DockerfileException.at("parse", file, next + 1, 1,
          "invalid escape token '" + value + "' does not match ` or \\");
    }
    escape = value.charAt(0);
    continuation = continuationPattern(escape);
  }

  private static String trimNewline(String line) {
    int end = line.length();
    while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
      end--;
    }
    return line.substring(0, end);
  }

  private static boolean isComment(String line) {
    return trimNewline(line).stripLeading().startsWith("#");
  }

  private Node parseLine(String line, int startLine, int endLine) {
    try {
      LineParsers.Split split = LineParsers.split(line);
      List<String> args;
      boolean json;
      if (split.keyword().equalsIgnoreCase("onbuild")) {
        if (split.rest().isEmpty()) {
          args = List.of();
        } else {
          Node trigger = parseLine(split.rest(), startLine, endLine);
          List<String> all = new ArrayList<>();
          all.add(trigger.keyword());
          all.addAll(trigger.args());
          args = all;
        }
        json = false;
      } else {
        LineParsers.Args parsed = LineParsers.parse(split.keyword(), split.rest(), escape);
        args = parsed.values();
        json = parsed.json();
      }
      return new Node(split.keyword(), split.flags(), args, json, line, List.of(), startLine, endLine);
    } catch (IllegalArgumentException e) {
      throw DockerfileException.at("parse", file, startLine, 1, e.getMessage());
    }
  }

  private static boolean canContainHeredoc(Node node) {
    String keyword = node.keyword().toLowerCase(Locale.ROOT);
    if (keyword.equals("onbuild") && !node.args().isEmpty()) {
      keyword = node.args().get(0).toLowerCase(Locale.ROOT);
    }
    return HEREDOC_INSTRUCTIONS.contains(keyword) && !node.json();
  }

  private Node readHeredocs(Node node, int startLine) {
    List<String> words;
    try {
      words = ShellLexer.of('\\').withRawQuotes().withRawEscapes().withSkipUnsetEnv()
          .processWords(node.original(), Map.of());
    } catch (IllegalArgumentException e) {
      return node;
    }
    List<Heredoc> docs = new ArrayList<>();
    for (String word : words) {
      Heredoc heredoc;
      try {
        heredoc = Heredoc.parseWord(word);
      } catch (IllegalArgumentException e) {
        throw DockerfileException.at("parse", file, startLine, 1, e.getMessage());
      }
      if (heredoc == null) {
        continue;
      }
      StringBuilder content = new StringBuilder();
      boolean terminated = false;
      while (next < lines.size()) {
        String raw = lines.get(next++);
        String candidate = trimNewline(raw);
        if (heredoc.chomp()) {
          candidate = candidate.replaceFirst("^\\t+", "");
        }
        if (candidate.equals(heredoc.name())) {
          terminated = true;
          break;
        }
        content.append(raw);
      }
      if (!terminated) {
        throw DockerfileException.at("parse", file, startLine, 1, "unterminated heredoc " + heredoc.name());
      }
      docs.add(heredoc.withContent(content.toString()));
    }
    return docs.isEmpty() ? node : node.withHeredocs(docs, next);
  }
}
