package dev.strata.overlay;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Walk's filters: the seam where dev.strata.snapshots.filter plugs in once it exists. Until then this
 * reads the subset of containerd's filter language that snapshot listings use: clauses joined by
 * {@code ,} (all must match), each {@code field}, {@code field==v}, {@code field!=v} or
 * {@code field~=regex}, over {@code name}, {@code parent}, {@code kind} and {@code labels.<k>}
 * (segments and values may be double-quoted). Several filter strings match if any of them does.
 */
final class SnapshotFilters {
    private SnapshotFilters() {
    }

    static Predicate<Info> parse(List<String> filters) {
        if (filters.isEmpty()) {
            return info -> true;
        }
        Predicate<Info> any = info -> false;
        for (String filter : filters) {
            Predicate<Info> all = info -> true;
            for (String clause : splitOutsideQuotes(filter, ',')) {
                all = all.and(clause(filter, clause.trim()));
            }
            any = any.or(all);
        }
        return any;
    }

    private static Predicate<Info> clause(String filter, String clause) {
        int at = operatorIndex(clause);
        List<String> path = new ArrayList<>();
        for (String segment : splitOutsideQuotes(at < 0 ? clause : clause.substring(0, at), '.')) {
            path.add(unquote(filter, segment.trim()));
        }
        if (path.isEmpty() || path.get(0).isEmpty()) {
            throw invalid(filter, "missing field name");
        }
        if (at < 0) {
            return info -> field(info, path).isPresent();
        }
        String operator = clause.substring(at, at + 2);
        String value = unquote(filter, clause.substring(at + 2).trim());
        return switch (operator) {
            case "==" -> info -> field(info, path).map(value::equals).orElse(false);
            case "!=" -> info -> !field(info, path).map(value::equals).orElse(false);
            default -> {
                Pattern pattern = compile(filter, value);
                yield info -> field(info, path).map(v -> pattern.matcher(v).find()).orElse(false);
            }
        };
    }

    private static Optional<String> field(Info info, List<String> path) {
        return switch (path.get(0)) {
            case "name" -> Optional.of(info.name());
            case "parent" -> Optional.of(info.parent());
            case "kind" -> Optional.of(info.kind().name().toLowerCase(Locale.ROOT));
            case "labels" -> path.size() < 2 ? Optional.empty()
                    : Optional.ofNullable(info.labels().get(String.join(".", path.subList(1, path.size()))));
            default -> Optional.empty();
        };
    }

    private static int operatorIndex(String clause) {
        boolean quoted = false;
        for (int i = 0; i + 1 < clause.length(); i++) {
            char c = clause.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && clause.charAt(i + 1) == '=' && (c == '=' || c == '!' || c == '~')) {
                return i;
            }
        }
        return -1;
    }

    private static List<String> splitOutsideQuotes(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String unquote(String filter, String text) {
        if (!text.startsWith("\"")) {
            return text;
        }
        if (text.length() < 2 || !text.endsWith("\"")) {
            throw invalid(filter, "unterminated quote");
        }
        return text.substring(1, text.length() - 1);
    }

    private static Pattern compile(String filter, String regex) {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw invalid(filter, "bad regular expression: " + e.getDescription());
        }
    }

    private static InvalidArgumentException invalid(String filter, String cause) {
        return new InvalidArgumentException("failed to parse filter " + MetaStore.quote(filter) + ": " + cause);
    }
}
