package dev.strata.snapshots.filter;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A parsed list of containerd filter strings, as {@code ctr snapshots ls} and containerd's garbage collector send
 * them: a snapshot matches if any string matches, and a string matches if all of its comma-separated selectors
 * do. No strings, or an empty string, match every snapshot.
 *
 * <p>Selectors name {@code name}, {@code parent}, {@code kind} (active, view or committed, in lower case) or
 * {@code labels.<key>} (also {@code labels."<key>"} for keys with other characters). {@code ==} and {@code !=}
 * compare text; {@code ~=} searches with a Java regular expression; a field path alone tests presence.
 * Examples: {@code kind==committed}, {@code labels."containerd.io/gc.root"}, {@code name~=/^sha256:/,parent!=""}.
 */
public final class SnapshotFilter implements Predicate<Info> {
    private final List<List<Selector>> alternatives;

    private SnapshotFilter(List<List<Selector>> alternatives) {
        this.alternatives = alternatives;
    }

    /**
     * Parses the filter strings.
     *
     * @throws InvalidArgumentException naming the string, the problem and its position if one does not parse
     */
    public static SnapshotFilter parse(List<String> filters) {
        List<List<Selector>> alternatives = new ArrayList<>();
        for (String filter : filters) {
            try {
                alternatives.add(FilterParser.parse(filter));
            } catch (FilterSyntaxException e) {
                throw new InvalidArgumentException("failed to parse filter \"" + filter + "\": " + e.getMessage()
                        + " at position " + e.position());
            }
        }
        return new SnapshotFilter(List.copyOf(alternatives));
    }

    @Override
    public boolean test(Info info) {
        return alternatives.isEmpty()
                || alternatives.stream().anyMatch(selectors -> selectors.stream().allMatch(selector -> selector.matches(info)));
    }
}
