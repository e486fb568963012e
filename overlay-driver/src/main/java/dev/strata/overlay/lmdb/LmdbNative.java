package dev.strata.overlay.lmdb;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import java.io.File;
import java.io.IOException;

/**
 * LMDB's C functions, bound with JNA's direct mapping. Every pointer is passed as a {@code long}
 * address, so that each call takes JNA's path for primitive arguments; out-parameters and
 * {@code MDB_val}s live in the calling thread's {@link CallMemory}.
 *
 * <p>Why not lmdbjava: its jnr-ffi generates a stub class per LMDB function with ASM at every
 * start, which took 150 to 200 ms of the daemon's start-up with a class-data archive. Registering
 * these natives takes tens of milliseconds. A call through JNA costs about 0.3 µs, 0.1 to 0.2 µs
 * more than through those stubs: nothing next to a request's latency, but a scan of 100,000 records
 * takes about twice as long (about 50 ms more).
 *
 * <p>The library is lmdbjava's build of LMDB, which the build unpacks from lmdbjava's jar: the file
 * that {@value #LIBRARY_PROPERTY} names (the launchers set it), else the copy among this module's
 * resources.
 */
final class LmdbNative {
    static final String LIBRARY_PROPERTY = "strata.lmdb.library";

    static final int MDB_NOTFOUND = -30798;
    static final int MDB_MAP_FULL = -30792;
    static final int MDB_RDONLY = 0x20000;
    static final int MDB_CREATE = 0x40000;
    static final int MDB_FIRST = 0;
    static final int MDB_NEXT = 8;
    static final int MDB_SET_RANGE = 17;

    private static boolean registered;

    private LmdbNative() {
    }

    /**
     * Loads the library and binds the natives below, once: every other class calls this before its
     * first call into LMDB. Not a static initializer, so that a library that cannot be loaded is an
     * exception naming it rather than an {@link ExceptionInInitializerError}.
     */
    static synchronized void register() {
        if (registered) {
            return;
        }
        if (Native.POINTER_SIZE != Long.BYTES || Native.SIZE_T_SIZE != Long.BYTES) {
            throw new IllegalStateException("failed to load LMDB: the binding passes pointers and sizes as 64-bit values, and this JVM's are "
                    + Native.POINTER_SIZE * 8 + "-bit");
        }
        String configured = System.getProperty(LIBRARY_PROPERTY);
        String path = configured != null ? configured : bundled();
        try {
            Native.register(LmdbNative.class, NativeLibrary.getInstance(path));
        } catch (UnsatisfiedLinkError e) {
            // JNA's own message lists every place it looked; the first suppressed error is dlopen's reason for the path
            String reason = e.getSuppressed().length > 0 ? e.getSuppressed()[0].getMessage() : e.getMessage();
            throw new IllegalStateException("failed to load LMDB from " + path
                    + (configured != null ? " (" + LIBRARY_PROPERTY + ")" : "") + ": " + reason, e);
        }
        registered = true;
    }

    /** The library among this module's resources: used in place from a directory, copied to a temporary file from a jar. */
    private static String bundled() {
        String resource = "/org/lmdbjava/" + machine() + "-linux-gnu.so";
        try {
            File file = Native.extractFromResourcePath(resource, LmdbNative.class.getClassLoader());
            return file.getAbsolutePath();
        } catch (IOException e) {
            throw new IllegalStateException("failed to load LMDB: set " + LIBRARY_PROPERTY + " or put " + resource
                    + " on the class path: " + e.getMessage(), e);
        }
    }

    private static String machine() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64" -> "aarch64";
            default -> throw new IllegalStateException("failed to load LMDB: no build for " + arch
                    + "; set " + LIBRARY_PROPERTY + " to a liblmdb.so");
        };
    }

    static native String mdb_strerror(int err);

    static native int mdb_env_create(long envOut);

    static native int mdb_env_set_mapsize(long env, long size);

    static native int mdb_env_set_maxdbs(long env, int dbs);

    static native int mdb_env_open(long env, String path, int flags, int mode);

    static native int mdb_env_sync(long env, int force);

    static native int mdb_env_copy2(long env, String path, int flags);

    static native void mdb_env_close(long env);

    static native int mdb_txn_begin(long env, long parent, int flags, long txnOut);

    static native int mdb_txn_commit(long txn);

    static native void mdb_txn_abort(long txn);

    static native int mdb_dbi_open(long txn, String name, int flags, long dbiOut);

    static native int mdb_get(long txn, int dbi, long key, long data);

    static native int mdb_put(long txn, int dbi, long key, long data, int flags);

    static native int mdb_del(long txn, int dbi, long key, long data);

    static native int mdb_cursor_open(long txn, int dbi, long cursorOut);

    static native int mdb_cursor_get(long cursor, long key, long data, int op);

    static native void mdb_cursor_close(long cursor);
}
