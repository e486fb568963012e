package dev.strata.snapshots.filter;

import dev.strata.snapshots.filter.Token.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses one filter string of containerd's grammar into the selectors that must all match:
 * <pre>
 * selectors := selector ("," selector)*
 * selector  := fieldpath (operator value)?
 * fieldpath := field ("." field)*
 * field     := "quoted" | [A-Za-z0-9_]+
 * operator  := "==" | "!=" | "~="
 * value     := quoted | [^\s,]+       (only after ~= may the quotes be /.../ or |...|)
 * </pre>
 * The empty string has no selectors and matches everything.
 */
final class FilterParser {
    private final FilterScanner scanner;

    private FilterParser(String input) {
        this.scanner = new FilterScanner(input);
    }

    static List<Selector> parse(String input) throws FilterSyntaxException {
        if (input.isEmpty()) {
            return List.of();
        }
        return new FilterParser(input).selectors();
    }

    private List<Selector> selectors() throws FilterSyntaxException {
        List<Selector> selectors = new ArrayList<>();
        selectors.add(selector());
        while (true) {
            Token token = scanner.next();
            if (token.type() == Type.END) {
                return selectors;
            }
            if (token.type() != Type.COMMA) {
                throw unexpected(token, "\",\" or end of input");
            }
            selectors.add(selector());
        }
    }

    private Selector selector() throws FilterSyntaxException {
        List<String> fieldPath = fieldPath();
        Type following = scanner.peek().type();
        if (following == Type.COMMA || following == Type.END) {
            return new Selector(fieldPath, Operator.PRESENT, "", null);
        }
        Operator operator = operator();
        Token value = scanner.next();
        if (value.type() == Type.QUOTED && value.quote() != '"' && operator != Operator.MATCHES) {
            throw new FilterSyntaxException(value.position(), "quotes " + value.quote() + " are allowed only after ~=");
        }
        if (value.type() != Type.QUOTED && value.type() != Type.VALUE) {
            throw unexpected(value, "a value or a quoted value");
        }
        return new Selector(fieldPath, operator, value.text(), operator == Operator.MATCHES ? compile(value) : null);
    }

    private List<String> fieldPath() throws FilterSyntaxException {
        List<String> fields = new ArrayList<>();
        fields.add(field());
        while (scanner.peek().type() == Type.DOT) {
            scanner.next();
            fields.add(field());
        }
        return fields;
    }

    private String field() throws FilterSyntaxException {
        Token token = scanner.next();
        if (token.type() == Type.FIELD || token.type() == Type.QUOTED && token.quote() == '"') {
            return token.text();
        }
        throw unexpected(token, "a field name or a \"quoted\" field name");
    }

    private Operator operator() throws FilterSyntaxException {
        Token token = scanner.next();
        if (token.type() != Type.OPERATOR) {
            throw unexpected(token, "an operator (==, != or ~=)");
        }
        return switch (token.text()) {
            case "==" -> Operator.EQUAL;
            case "!=" -> Operator.NOT_EQUAL;
            case "~=" -> Operator.MATCHES;
            default -> throw new FilterSyntaxException(token.position(), "unsupported operator \"" + token.text() + "\"");
        };
    }

    private static Pattern compile(Token value) throws FilterSyntaxException {
        try {
            return Pattern.compile(value.text());
        } catch (PatternSyntaxException e) {
            throw new FilterSyntaxException(value.position(), "invalid regular expression: " + e.getDescription());
        }
    }

    private static FilterSyntaxException unexpected(Token token, String expected) {
        return new FilterSyntaxException(token.position(), "expected " + expected + ", found " + token.describe());
    }
}
