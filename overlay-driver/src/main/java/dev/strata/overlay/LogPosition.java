package dev.strata.overlay;

import java.nio.ByteBuffer;

/**
 * A place in the {@link MetaLog}: the sequence number of the last record before it, the segment and
 * the offset there where the next record goes. The store keeps the position after each batch in the
 * batch's own transaction, so the database, and every checkpoint copied from it, says where its log
 * continues.
 */
record LogPosition(long sequence, int segment, long offset) {
    /** Where an empty store's log starts. */
    static final LogPosition START = new LogPosition(0, 0, 0);
    static final int ENCODED_SIZE = 2 * Long.BYTES + Integer.BYTES;

    static LogPosition decode(ByteBuffer value) {
        ByteBuffer in = value.duplicate();
        return new LogPosition(in.getLong(), in.getInt(), in.getLong());
    }

    ByteBuffer encode(ByteBuffer out) {
        return out.clear().putLong(sequence).putInt(segment).putLong(offset).flip();
    }
}
