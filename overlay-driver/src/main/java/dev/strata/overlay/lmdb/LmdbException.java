package dev.strata.overlay.lmdb;

/** A failed LMDB call, with LMDB's result code: an errno value, or one of LMDB's own negative codes. */
public final class LmdbException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final int ENOSPC = 28;
    private static final int EDQUOT = 122;

    private final int resultCode;

    LmdbException(String call, int resultCode) {
        super(call + ": " + LmdbNative.mdb_strerror(resultCode));
        this.resultCode = resultCode;
    }

    /**
     * Throws for a result code other than success, naming the call and what it was made on (the
     * message is built only then: these checks are on every request's path).
     */
    static void check(int resultCode, String call, Object subject) {
        if (resultCode != 0) {
            throw new LmdbException(call + "(" + subject + ")", resultCode);
        }
    }

    public int resultCode() {
        return resultCode;
    }

    /** The environment's map is full: the database reached the size it was opened with. */
    public boolean mapFull() {
        return resultCode == LmdbNative.MDB_MAP_FULL;
    }

    /** The disk is full (ENOSPC) or a quota is exceeded (EDQUOT). */
    public boolean diskFull() {
        return resultCode == ENOSPC || resultCode == EDQUOT;
    }
}
