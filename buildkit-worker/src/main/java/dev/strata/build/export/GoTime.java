package dev.strata.build.export;

import java.time.Instant;

/** Times as Go's encoding/json writes them (RFC 3339 in UTC, fraction without trailing zeros). */
final class GoTime {
    private GoTime() {
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
