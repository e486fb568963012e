package dev.strata.snapshots.filter;

/** How a selector compares a field with its value. */
enum Operator {
    /** The field has a value (a selector with no operator). */
    PRESENT,
    /** The field is present and equal to the value. */
    EQUAL,
    /** The field is absent or differs from the value. */
    NOT_EQUAL,
    /** The field (or "" when absent) contains a match of the regular expression. */
    MATCHES
}
