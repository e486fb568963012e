package dev.strata.build.export;

import dev.strata.build.image.InvalidImageException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Times as Go's encoding/json writes them (RFC 3339 in UTC, fraction without trailing zeros) and reads them. */
final class GoTime {
    private GoTime() {
    }

    /** An RFC 3339 time, in UTC or with an offset; throws InvalidImageException for anything else. */
    static Instant parse(String time) {
        try {
            return OffsetDateTime.parse(time).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidImageException("failed to read image config: bad time " + time, e);
        }
    }

    static String format(Instant time) {
        String iso = time.toString();
        int dot = iso.indexOf('.');
        if (dot < 0) {
            return iso;
        }
        String fraction = iso.substring(dot + 1, iso.length() - 1).replaceAll("0+$", "");
        return iso.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction) + "Z";
    }
}
