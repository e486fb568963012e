package dev.strata.build.export;

import java.util.ArrayList;
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
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < spec.length() && spec.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            throw new InvalidOutputException("failed to parse output " + spec + ": unterminated quote");
        }
        fields.add(field.toString());
        return fields;
    }
}
