package dev.strata.overlay;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/** The libc calls, other than mount and umount2, that java.nio does not offer. */
interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    /** struct stat is 144 bytes on x86_64 and 128 on aarch64; both put st_dev at 0, st_ino at 8, st_blocks at 64. */
    int STAT_SIZE = 256;
    int STAT_DEV_OFFSET = 0;
    int STAT_INO_OFFSET = 8;
    int STAT_BLOCKS_OFFSET = 64;

    /** struct dirent on 64-bit glibc: d_ino, d_off, d_reclen, then d_type at byte 18 and d_name at 19. */
    int DIRENT_TYPE_OFFSET = 18;
    int DIRENT_NAME_OFFSET = 19;
    byte DT_UNKNOWN = 0;

    int CLONE_FS = 0x00000200;
    int AT_FDCWD = -100;

    int O_RDONLY = 0;
    int O_DIRECTORY = 0200000;
    int O_CLOEXEC = 02000000;
    /** _IOR('f', 1, long) and _IOW('f', 2, long), as x86_64 and aarch64 encode them. */
    long FS_IOC_GETFLAGS = 0x80086601L;
    long FS_IOC_SETFLAGS = 0x40086602L;

    int lstat(String path, Memory stat) throws LastErrorException;

    int lchown(String path, int owner, int group) throws LastErrorException;

    /** With {@code times} null, sets the access and modification times to now. */
    int utimensat(int dirfd, String path, Pointer times, int flags) throws LastErrorException;

    Pointer opendir(String path) throws LastErrorException;

    Pointer readdir(Pointer dir) throws LastErrorException;

    int closedir(Pointer dir) throws LastErrorException;

    int unshare(int flags) throws LastErrorException;

    int chdir(String path) throws LastErrorException;

    int open(String path, int flags) throws LastErrorException;

    int ioctl(int fd, long request, IntByReference argument) throws LastErrorException;

    int close(int fd) throws LastErrorException;
}
