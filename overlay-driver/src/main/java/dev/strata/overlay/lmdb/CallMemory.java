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

    /** A copy of the bytes the key's {@code MDB_val} points at. */
    ByteBuffer keyCopy() {
        return copy(KEY);
    }

    /** A copy of the bytes the data's {@code MDB_val} points at. */
    ByteBuffer dataCopy() {
        return copy(DATA);
    }

    private void point(int offset, ByteBuffer buffer) {
        memory.putLong(offset, buffer.remaining());
        memory.putLong(offset + Long.BYTES, address(buffer) + buffer.position());
    }

    /**
     * Copies rather than wraps LMDB's memory: a JNI read into an array takes about 40 ns, a direct
     * buffer made through JNI over the same bytes 150 to 300 ns, which doubled the time of a scan.
     */
    private ByteBuffer copy(int offset) {
        byte[] bytes = new byte[Math.toIntExact(memory.getLong(offset))];
        if (bytes.length > 0) {
            new Pointer(memory.getLong(offset + Long.BYTES)).read(0, bytes, 0, bytes.length);
        }
        return ByteBuffer.wrap(bytes);
    }

    private static long address(ByteBuffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("LMDB reads keys and values from direct buffers, not heap buffers");
        }
        return Pointer.nativeValue(Native.getDirectBufferPointer(buffer));
    }
}
