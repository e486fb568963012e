package dev.strata.build.layer;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The file-system calls java.nio lacks, or makes through an open of the file: mknod, lchown, chmod, utimensat, and l*xattr. */
public final class Posix {
    static final int S_IFIFO = 0010000;
    static final int S_IFCHR = 0020000;
    static final int S_IFBLK = 0060000;
    private static final int AT_FDCWD = -100;
    private static final int AT_SYMLINK_NOFOLLOW = 0x100;
    private static final int ENODATA = 61;
    private static final int EOPNOTSUPP = 95;

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int mknod(String path, int mode, long dev) throws LastErrorException;

        int lchown(String path, int uid, int gid) throws LastErrorException;

        int chmod(String path, int mode) throws LastErrorException;

        int utimensat(int dirfd, String path, long[] times, int flags) throws LastErrorException;

        int lsetxattr(String path, String name, byte[] value, NativeLong size, int flags) throws LastErrorException;

        NativeLong lgetxattr(String path, String name, byte[] value, NativeLong size) throws LastErrorException;

        NativeLong llistxattr(String path, byte[] list, NativeLong size) throws LastErrorException;
    }

    private Posix() {
    }

    /** Makes a fifo, device node or socket of type and permission bits {@code mode} (less the umask). */
    public static void mknod(Path path, int mode, long device) throws IOException {
        try {
            LibC.INSTANCE.mknod(path.toString(), mode, device);
        } catch (LastErrorException e) {
            throw failure("mknod", path, e);
        }
    }

    static void lchown(Path path, int uid, int gid) throws IOException {
        try {
            LibC.INSTANCE.lchown(path.toString(), uid, gid);
        } catch (LastErrorException e) {
            throw failure("chown", path, e);
        }
    }

    /** chmod with all 12 permission bits (setuid, setgid, sticky included). */
    public static void chmod(Path path, int mode) throws IOException {
        try {
            LibC.INSTANCE.chmod(path.toString(), mode & 07777);
        } catch (LastErrorException e) {
            throw failure("chmod", path, e);
        }
    }

    /** Sets access and modification time of the path itself, a symlink included. */
    static void setModified(Path path, long seconds, long nanos) throws IOException {
        setTimes(path, seconds, nanos, seconds, nanos);
    }

    /**
     * Sets the access and modification times of the path itself, a symlink included, to the
     * nanosecond, by path: java.nio opens the file to set them, which blocks on a fifo, and sets a
     * symlink's only to the microsecond.
     */
    public static void setTimes(Path path, Instant accessed, Instant modified) throws IOException {
        setTimes(path, accessed.getEpochSecond(), accessed.getNano(), modified.getEpochSecond(), modified.getNano());
    }

    private static void setTimes(Path path, long accessedSeconds, long accessedNanos, long modifiedSeconds, long modifiedNanos)
            throws IOException {
        long[] times = {accessedSeconds, accessedNanos, modifiedSeconds, modifiedNanos};
        try {
            LibC.INSTANCE.utimensat(AT_FDCWD, path.toString(), times, AT_SYMLINK_NOFOLLOW);
        } catch (LastErrorException e) {
            throw failure("set times of", path, e);
        }
    }

    public static void setXattr(Path path, String name, byte[] value) throws IOException {
        try {
            LibC.INSTANCE.lsetxattr(path.toString(), name, value, new NativeLong(value.length), 0);
        } catch (LastErrorException e) {
            throw failure("set xattr " + name + " on", path, e);
        }
    }

    /** The attribute's value, or null if the path does not have it. */
    public static byte[] getXattr(Path path, String name) throws IOException {
        try {
            int size = LibC.INSTANCE.lgetxattr(path.toString(), name, null, new NativeLong(0)).intValue();
            byte[] value = new byte[size];
            int read = LibC.INSTANCE.lgetxattr(path.toString(), name, value, new NativeLong(size)).intValue();
            return read == size ? value : java.util.Arrays.copyOf(value, read);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == ENODATA) {
                return null;
            }
            throw failure("get xattr " + name + " of", path, e);
        }
    }

    static List<String> listXattrs(Path path) throws IOException {
        try {
            int size = LibC.INSTANCE.llistxattr(path.toString(), null, new NativeLong(0)).intValue();
            if (size == 0) {
                return List.of();
            }
            byte[] names = new byte[size];
            int read = LibC.INSTANCE.llistxattr(path.toString(), names, new NativeLong(size)).intValue();
            List<String> result = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < read; i++) {
                if (names[i] == 0) {
                    result.add(new String(names, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return result;
        } catch (LastErrorException e) {
            throw failure("list xattrs of", path, e);
        }
    }

    /**
     * Gives {@code target} every extended attribute of {@code source}, neither followed if a symlink.
     * One the target's filesystem cannot hold (EOPNOTSUPP) is left out, as containerd's and fsutil's
     * copiers leave it to their error handlers.
     */
    public static void copyXattrs(Path source, Path target) throws IOException {
        for (String name : listXattrs(source)) {
            byte[] value = getXattr(source, name);
            if (value == null) {
                continue;
            }
            try {
                LibC.INSTANCE.lsetxattr(target.toString(), name, value, new NativeLong(value.length), 0);
            } catch (LastErrorException e) {
                if (e.getErrorCode() != EOPNOTSUPP) {
                    throw failure("set xattr " + name + " on", target, e);
                }
            }
        }
    }

    public static long makedev(int major, int minor) {
        return ((long) (major & 0xfff) << 8) | (minor & 0xff) | ((long) (minor & ~0xff) << 12)
                | ((long) (major & ~0xfff) << 32);
    }

    static int major(long device) {
        return (int) (((device >>> 8) & 0xfff) | ((device >>> 32) & ~0xfff));
    }

    static int minor(long device) {
        return (int) ((device & 0xff) | ((device >>> 12) & ~0xff));
    }

    private static IOException failure(String verb, Path path, LastErrorException e) {
        return new IOException("failed to " + verb + " " + path + ": errno " + e.getErrorCode(), e);
    }
}
