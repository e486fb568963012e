package dev.strata.overlay;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * The puts and deletes of one write transaction, encoded as the payload of a {@link MetaLog} record
 * so that a replay can redo them. Each entry is a tag byte (the database's index shifted left once,
 * plus 1 for a put), the key's length (2 bytes) and bytes, and for a put the value's length (4
 * bytes) and bytes, all big-endian. A nested transaction's record is appended to its parent's only
 * when it commits, so the changes of a rolled-back nested transaction never reach the log.
 */
final class ChangeRecord {
    private final ByteArrayOutputStream entries = new ByteArrayOutputStream(256);

    /** Redoes one logged change; {@code value} is null for a delete. */
    interface Target {
        void apply(int database, ByteBuffer key, ByteBuffer value);
    }

    void put(int database, ByteBuffer key, ByteBuffer value) {
        entries.write((database << 1) | 1);
        writeBytes(key, 2);
        writeBytes(value, 4);
    }

    void delete(int database, ByteBuffer key) {
        entries.write(database << 1);
        writeBytes(key, 2);
    }

    void appendTo(ChangeRecord parent) {
        parent.entries.writeBytes(entries.toByteArray());
    }

    boolean isEmpty() {
        return entries.size() == 0;
    }

    byte[] toByteArray() {
        return entries.toByteArray();
    }

    /** Redoes every change of {@code payload}, in order; the buffers passed on are direct. */
    static void replay(ByteBuffer payload, Target target) {
        ByteBuffer in = payload.duplicate();
        while (in.hasRemaining()) {
            int tag = in.get() & 0xff;
            ByteBuffer key = direct(in, in.getShort() & 0xffff);
            ByteBuffer value = (tag & 1) == 0 ? null : direct(in, in.getInt());
            target.apply(tag >>> 1, key, value);
        }
    }

    private void writeBytes(ByteBuffer buffer, int lengthSize) {
        int length = buffer.remaining();
        for (int shift = 8 * (lengthSize - 1); shift >= 0; shift -= 8) {
            entries.write(length >>> shift);
        }
        byte[] data = new byte[length];
        buffer.duplicate().get(data);
        entries.write(data, 0, length);
    }

    private static ByteBuffer direct(ByteBuffer in, int length) {
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
        return ByteBuffer.allocateDirect(length).put(slice).flip();
    }
}
