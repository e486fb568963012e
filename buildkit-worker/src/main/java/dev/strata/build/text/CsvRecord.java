package dev.strata.build.text;

import java.util.ArrayList;
import java.util.List;

/**
 * One CSV record as Go's encoding/csv reads it, which is how buildctl's {@code --output} and the
 * Dockerfile's {@code --mount} flags are split: commas separate fields, a double quote opens a quoted
 * field only at the field's start, and {@code ""} inside quotes is one quote. Hand-written because the
 * Java CSV libraries treat a quote in the middle of a field differently.
 */
public final class CsvRecord {
  private CsvRecord() {}

  /**
   * The fields of {@code record}.
   *
   * @throws IllegalArgumentException if a quoted field is not closed
   */
  public static List<String> fields(String record) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < record.length(); i++) {
      char c = record.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < record.length() && record.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"' && field.length() == 0) {
        quoted = true;
      } else if (c == ',') {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("extraneous or missing \" in quoted field");
    }
    fields.add(field.toString());
    return fields;
  }
}
