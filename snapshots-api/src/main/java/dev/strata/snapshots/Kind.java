package dev.strata.snapshots;

import java.util.Locale;
import java.util.Optional;

/** The kind of a snapshot. Active and view snapshots never become committed ones, nor the reverse. */
public enum Kind {
    /** A read-only snapshot of a committed parent; it cannot be committed. */
    VIEW,
    /** A writable snapshot made by Prepare; Commit turns its content into a committed snapshot. */
    ACTIVE,
    /** A read-only snapshot that can be a parent. */
    COMMITTED;

    /** containerd's spelling, as {@code ctr snapshots ls} prints it and filters match it: "View", "Active", "Committed". */
    public String displayName() {
        String lower = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    /** Parses a kind case-insensitively, as containerd's snapshots.ParseKind does. */
    public static Optional<Kind> parse(String text) {
        for (Kind kind : values()) {
            if (kind.name().equalsIgnoreCase(text)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
