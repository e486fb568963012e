package dev.strata.snapshots.filter;

import dev.strata.snapshots.filter.Token.Type;

/**
 * Splits a filter string into tokens, with the character classes of containerd's scanner (Go's unicode package).
 * After an operator the next token is read as a value, which may hold any printable character but a comma or a
 * space; elsewhere a bare word is a field name of ASCII letters, digits and underscores.
 */
final class FilterScanner {
    private final String input;
    private int pos;
    private boolean valueExpected;

    FilterScanner(String input) {
        this.input = input;
    }

    Token peek() throws FilterSyntaxException {
        int savedPos = pos;
        boolean savedValueExpected = valueExpected;
        Token token = next();
        pos = savedPos;
        valueExpected = savedValueExpected;
        return token;
    }

    Token next() throws FilterSyntaxException {
        while (pos < input.length() && isSpace(input.charAt(pos))) {
            pos++;
        }
        boolean afterOperator = valueExpected;
        valueExpected = false;
        int start = pos;
        if (pos >= input.length()) {
            return new Token(Type.END, start, "", '\0');
        }
        char c = input.charAt(pos);
        if (QuotedLiteral.isQuote(c)) {
            QuotedLiteral.Result literal = QuotedLiteral.read(input, start);
            pos = literal.end();
            return new Token(Type.QUOTED, start, literal.content(), c);
        }
        if (c == ',') {
            return single(Type.COMMA);
        }
        if (c == '.') {
            return single(Type.DOT);
        }
        if (isOperatorChar(c)) {
            while (pos < input.length() && isOperatorChar(input.charAt(pos))) {
                pos++;
            }
            valueExpected = true;
            return new Token(Type.OPERATOR, start, input.substring(start, pos), '\0');
        }
        if (afterOperator && c != '\0') {
            pos++;
            while (pos < input.length() && isValueChar(input.charAt(pos))) {
                pos++;
            }
            return new Token(Type.VALUE, start, input.substring(start, pos), '\0');
        }
        if (isFieldChar(c)) {
            while (pos < input.length() && isFieldChar(input.charAt(pos))) {
                pos++;
            }
            return new Token(Type.FIELD, start, input.substring(start, pos), '\0');
        }
        pos += Character.charCount(input.codePointAt(pos));
        return new Token(Type.OTHER, start, input.substring(start, pos), '\0');
    }

    private Token single(Type type) {
        pos++;
        return new Token(type, pos - 1, input.substring(pos - 1, pos), '\0');
    }

    private static boolean isOperatorChar(char c) {
        return c == '=' || c == '!' || c == '~';
    }

    private static boolean isFieldChar(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    /** Go's unicode.IsSpace. */
    private static boolean isSpace(char c) {
        return c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r' || c == 0x85 || Character.isSpaceChar(c);
    }

    /** Go's unicode.IsGraphic, less the comma and spaces; surrogates stand for the supplementary characters they form. */
    private static boolean isValueChar(char c) {
        if (c == ',' || isSpace(c)) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED,
                    Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
