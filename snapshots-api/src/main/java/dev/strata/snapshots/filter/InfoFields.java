package dev.strata.snapshots.filter;

import dev.strata.snapshots.Info;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The fields of a snapshot Info that filters can name, valued as containerd's metadata adaptor values them:
 * {@code name} and {@code parent} are always present ("" for no parent), {@code kind} is "active", "view" or
 * "committed", and {@code labels.<k>} is the label k, where k is the rest of the path joined by dots.
 */
final class InfoFields {
    private InfoFields() {
    }

    static Optional<String> value(Info info, List<String> fieldPath) {
        return switch (fieldPath.get(0)) {
            case "name" -> Optional.of(info.name());
            case "parent" -> Optional.of(info.parent());
            case "kind" -> Optional.of(info.kind().name().toLowerCase(Locale.ROOT));
            case "labels" -> Optional.ofNullable(info.labels().get(String.join(".", fieldPath.subList(1, fieldPath.size()))));
            default -> Optional.empty();
        };
    }
}
