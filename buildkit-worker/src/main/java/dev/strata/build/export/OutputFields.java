package dev.strata.build.export;

import dev.strata.build.text.CsvRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Splits an {@code --output} value as buildctl does: one CSV record (a field in double quotes may
 * hold commas, {@code ""} is a quote), each field {@code key=value} with the key lowercased.
 */
final class OutputFields {
    private OutputFields() {
    }

    static Map<String, String> parse(String spec) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String field : csvFields(spec)) {
            int equals = field.indexOf('=');
            if (equals <= 0) {
                throw new InvalidOutputException("failed to parse output " + spec + ": field " + field
                        + " is not key=value");
            }
            String key = field.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            if (fields.put(key, field.substring(equals + 1)) != null) {
                throw new InvalidOutputException("failed to parse output " + spec + ": key " + key + " given twice");
            }
        }
        return fields;
    }

    private static List<String> csvFields(String spec) {
        try {
            return CsvRecord.fields(spec);
        } catch (IllegalArgumentException e) {
            throw new InvalidOutputException("failed to parse output " + spec + ": " + e.getMessage());
        }
    }
}
