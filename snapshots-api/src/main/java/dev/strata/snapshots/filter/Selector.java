package dev.strata.snapshots.filter;

import dev.strata.snapshots.Info;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code <fieldpath><operator><value>} term of a filter.
 *
 * @param fieldPath the field names, at least one
 * @param operator  the comparison
 * @param value     the value to compare with; "" for {@link Operator#PRESENT}
 * @param pattern   the compiled value of a {@link Operator#MATCHES} selector, else null
 */
record Selector(List<String> fieldPath, Operator operator, String value, Pattern pattern) {
    Selector {
        fieldPath = List.copyOf(fieldPath);
    }

    boolean matches(Info info) {
        Optional<String> field = InfoFields.value(info, fieldPath);
        return switch (operator) {
            case PRESENT -> field.isPresent();
            case EQUAL -> field.isPresent() && field.get().equals(value);
            case NOT_EQUAL -> !field.orElse("").equals(value);
            case MATCHES -> pattern.matcher(field.orElse("")).find();
        };
    }
}
