package dev.strata.snapshots.filter;

/**
 * One lexical token of a filter string.
 *
 * @param type     what the token is
 * @param position index of its first character in the filter string
 * @param text     for a field, value or operator its characters; for a quoted token the unquoted content
 * @param quote    for a quoted token its quote character, else 0
 */
record Token(Type type, int position, String text, char quote) {
    enum Type { FIELD, VALUE, QUOTED, OPERATOR, DOT, COMMA, END, OTHER }

    String describe() {
        return switch (type) {
            case END -> "end of input";
            case QUOTED -> "quoted " + quote + text + quote;
            default -> "\"" + text + "\"";
        };
    }
}
