package dev.strata.overlay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * One thread's direct buffers for the keys and values {@link MetaStore} hands to LMDB. LMDB copies
 * what it is given before a call returns, so each buffer is reused by the next call on the same thread
 * instead of allocating direct memory (and a digest) for every lookup. A buffer is valid until the
 * next call that fills the same kind of buffer on this thread.
 */
final class LmdbBuffers {
    private static final ThreadLocal<LmdbBuffers> CURRENT = ThreadLocal.withInitial(LmdbBuffers::new);
    private static final int INITIAL_VALUE_CAPACITY = 512;

    private final MessageDigest sha256;
    private final ByteBuffer nameKey = ByteBuffer.allocateDirect(32);
    private final ByteBuffer childKey = ByteBuffer.allocateDirect(2 * Long.BYTES);
    private final ByteBuffer longValue = ByteBuffer.allocateDirect(Long.BYTES);
    private final ByteBuffer logPosition = ByteBuffer.allocateDirect(LogPosition.ENCODED_SIZE);
    private ByteBuffer value = ByteBuffer.allocateDirect(INITIAL_VALUE_CAPACITY);

    private LmdbBuffers() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    static LmdbBuffers current() {
        return CURRENT.get();
    }

    /** sha256 of the UTF-8 name: names can be longer than LMDB's 511-byte key limit. */
    ByteBuffer nameKey(String name) {
        byte[] digest = sha256.digest(name.getBytes(StandardCharsets.UTF_8));
        return nameKey.clear().put(digest).flip();
    }

    /** Parent id then child id, big-endian, so that the children of a parent sort together. */
    ByteBuffer childKey(long parentId, long childId) {
        return childKey.clear().putLong(parentId).putLong(childId).flip();
    }

    ByteBuffer longValue(long number) {
        return longValue.clear().putLong(number).flip();
    }

    ByteBuffer logPosition(LogPosition position) {
        return position.encode(logPosition);
    }

    ByteBuffer value(byte[] data) {
        if (value.capacity() < data.length) {
            value = ByteBuffer.allocateDirect(Math.max(data.length, 2 * value.capacity()));
        }
        return value.clear().put(data).flip();
    }
}
