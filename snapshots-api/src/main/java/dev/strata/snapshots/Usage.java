package dev.strata.snapshots;

/**
 * Disk resources that a snapshot itself holds, not counting its parents.
 *
 * @param size   bytes in use (allocated blocks)
 * @param inodes distinct inodes in use
 */
public record Usage(long size, long inodes) {
    public static final Usage ZERO = new Usage(0, 0);

    public Usage {
        if (size < 0 || inodes < 0) {
            throw new IllegalArgumentException("usage cannot be negative: size=" + size + " inodes=" + inodes);
        }
    }
}
