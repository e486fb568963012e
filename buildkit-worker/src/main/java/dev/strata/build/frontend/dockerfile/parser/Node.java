package dev.strata.build.frontend.dockerfile.parser;

import java.util.List;
import java.util.Objects;

/**
 * One instruction as parsed: its keyword as written, the {@code --flags} before its arguments, the
 * arguments (JSON-form strings, words, or key and value pairs, by instruction), whether they were
 * JSON, the original text (continuations joined), heredocs and the lines it spans (1-based).
 */
public record Node(String keyword, List<String> flags, List<String> args, boolean json, String original,
                   List<Heredoc> heredocs, int startLine, int endLine) {
  public Node {
    Objects.requireNonNull(keyword, "keyword");
    flags = List.copyOf(flags);
    args = List.copyOf(args);
    Objects.requireNonNull(original, "original");
    heredocs = List.copyOf(heredocs);
  }

  Node withHeredocs(List<Heredoc> docs, int lastLine) {
    return new Node(keyword, flags, args, json, original, docs, startLine, lastLine);
  }

}
