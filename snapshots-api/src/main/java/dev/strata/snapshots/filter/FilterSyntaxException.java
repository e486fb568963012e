package dev.strata.snapshots.filter;

/** A filter string does not parse; {@link SnapshotFilter} turns it into an InvalidArgumentException. */
final class FilterSyntaxException extends Exception {
    private final int position;

    FilterSyntaxException(int position, String problem) {
        super(problem);
        this.position = position;
    }

    /** The index in the filter string where the problem is. */
    int position() {
        return position;
    }
}
