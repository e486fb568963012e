package dev.strata.overlay.lmdb;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One thread's native memory for the arguments of LMDB calls: the key's and the data's
 * {@code MDB_val} (a size, then a pointer) and one out-parameter. It is reused by every call on the
 * thread, so a call allocates nothing; what a call leaves here is valid until the thread's next call.
 */
final class CallMemory {
    private static final ThreadLocal<CallMemory> CURRENT = ThreadLocal.withInitial(CallMemory::new);
    private static final int KEY = 0;
    private static final int DATA = 16;
    private static final int OUT = 32;
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    /** Native byte order: LMDB reads and writes these fields as C's size_t and pointers. */
    private final ByteBuffer memory = ByteBuffer.allocateDirect(OUT + Long.BYTES).order(ByteOrder.nativeOrder());
    private final long address = address(memory);

    static CallMemory current() {
        return CURRENT.get();
    }

    long key() {
        return address + KEY;
    }

    long data() {
        return address + DATA;
    }

    long out() {
        return address + OUT;
    }

    /** Points the key's {@code MDB_val} at {@code buffer}'s remaining bytes. */
    long key(ByteBuffer buffer) {
        point(KEY, buffer);
        return key();
    }

    /** Points the data's {@code MDB_val} at {@code buffer}'s remaining bytes. */
    long data(ByteBuffer buffer) {
        point(DATA, buffer);
        return data();
    }

    /** The 64-bit value or pointer a call wrote to the out-parameter. */
    long outValue() {
        return memory.getLong(OUT);
    }

    /** The 32-bit value a call wrote to the out-parameter (a {@code MDB_dbi}). */
    int outInt() {
        return memory.getInt(OUT);
    }

    /** The bytes the key's {@code MDB_val} points at, as a buffer over LMDB's memory. */
    ByteBuffer keyView() {
        return view(KEY);
    }

    /** The bytes the data's {@code MDB_val} points at, as a buffer over LMDB's memory. */
    ByteBuffer dataView() {
        return view(DATA);
    }

    private void point(int offset, ByteBuffer buffer) {
        memory.putLong(offset, buffer.remaining());
        memory.putLong(offset + Long.BYTES, address(buffer) + buffer.position());
    }

    private ByteBuffer view(int offset) {
        long size = memory.getLong(offset);
        if (size == 0) {
            return EMPTY.duplicate();
        }
        // JNA hands out buffers in native order; keys and values are read big-endian, as Java's buffers default to
        return new Pointer(memory.getLong(offset + Long.BYTES)).getByteBuffer(0, size).order(ByteOrder.BIG_ENDIAN);
    }

    private static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("LMDB reads keys and values from direct buffers, not heap buffers");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
