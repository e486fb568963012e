package dev.strata.snapshots.filter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads a quoted literal with Go string escapes, as containerd's filter scanner does. The quote character is
 * {@code "}, or {@code /} or {@code |} (which save escaping in regular expressions); inside, only that quote
 * character may be escaped.
 */
final class QuotedLiteral {
    private final String input;
    private final char quote;
    private final ByteArrayOutputStream content = new ByteArrayOutputStream();
    private int pos;

    private QuotedLiteral(String input, int openingQuote) {
        this.input = input;
        this.quote = input.charAt(openingQuote);
        this.pos = openingQuote + 1;
    }

    static boolean isQuote(char c) {
        return c == '"' || c == '/' || c == '|';
    }

    /** Reads the literal whose opening quote is at {@code start}; returns its content and the index after it. */
    static Result read(String input, int start) throws FilterSyntaxException {
        QuotedLiteral literal = new QuotedLiteral(input, start);
        literal.readContent();
        return new Result(new String(literal.content.toByteArray(), StandardCharsets.UTF_8), literal.pos);
    }

    record Result(String content, int end) {
    }

    private void readContent() throws FilterSyntaxException {
        while (true) {
            if (pos >= input.length() || input.charAt(pos) == '\n') {
                throw new FilterSyntaxException(pos, "quoted literal not terminated");
            }
            char c = input.charAt(pos);
            if (c == quote) {
                pos++;
                return;
            }
            if (c == '\\') {
                readEscape();
            } else {
                int codePoint = input.codePointAt(pos);
                pos += Character.charCount(codePoint);
                appendCodePoint(codePoint);
            }
        }
    }

    private void readEscape() throws FilterSyntaxException {
        int escapeStart = pos;
        pos++;
        if (pos >= input.length()) {
            throw new FilterSyntaxException(escapeStart, "quoted literal not terminated");
        }
        char c = input.charAt(pos++);
        switch (c) {
            case 'a' -> content.write(0x07);
            case 'b' -> content.write('\b');
            case 'f' -> content.write('\f');
            case 'n' -> content.write('\n');
            case 'r' -> content.write('\r');
            case 't' -> content.write('\t');
            case 'v' -> content.write(0x0b);
            case '\\' -> content.write('\\');
            case 'x' -> content.write(readDigits(escapeStart, 16, 2));
            case 'u' -> appendCodePoint(readCodePoint(escapeStart, 4));
            case 'U' -> appendCodePoint(readCodePoint(escapeStart, 8));
            default -> {
                if (c == quote) {
                    content.write(c);
                } else if (c >= '0' && c <= '7') {
                    pos--;
                    int value = readDigits(escapeStart, 8, 3);
                    if (value > 0xff) {
                        throw new FilterSyntaxException(escapeStart, "octal escape sequence out of range");
                    }
                    content.write(value);
                } else {
                    throw new FilterSyntaxException(escapeStart, "illegal escape sequence");
                }
            }
        }
    }

    private int readCodePoint(int escapeStart, int digits) throws FilterSyntaxException {
        int value = readDigits(escapeStart, 16, digits);
        if (value < 0 || value > Character.MAX_CODE_POINT) {
            throw new FilterSyntaxException(escapeStart, "escaped character out of range");
        }
        // Go encodes a lone surrogate as the replacement character
        return value >= Character.MIN_SURROGATE && value <= Character.MAX_SURROGATE ? 0xfffd : value;
    }

    private int readDigits(int escapeStart, int radix, int count) throws FilterSyntaxException {
        int value = 0;
        for (int i = 0; i < count; i++) {
            int digit = pos < input.length() ? Character.digit(input.charAt(pos), radix) : -1;
            if (digit < 0) {
                throw new FilterSyntaxException(escapeStart, "illegal numeric escape sequence");
            }
            value = value * radix + digit;
            pos++;
        }
        return value;
    }

    private void appendCodePoint(int codePoint) {
        content.writeBytes(new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8));
    }
}
