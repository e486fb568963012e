package dev.strata.overlay;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import dev.strata.snapshots.Mount;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Mounts and unmounts snapshot mounts: the one place that calls mount(2) and umount2(2).
 *
 * <p>Options are read as containerd's mount package reads them: known flag words ("ro", "rbind",
 * "nosuid", ...) become mount flags, everything else goes to the filesystem as data. A read-only bind
 * is remounted read-only, because the kernel ignores MS_RDONLY on the first bind call.
 *
 * <p>Long lowerdirs: the kernel copies at most one page (4096 bytes) of option data, so an overlay of
 * some hundred layers cannot name its lowerdirs by absolute path. Like containerd, the lowerdirs are
 * then made relative to their common parent directory ({@code <root>/snapshots}, giving
 * {@code 12/fs:11/fs:...}) and mount(2) runs with that directory as working directory. containerd
 * does that in a forked child; here a fresh thread unshares its filesystem context
 * ({@code unshare(CLONE_FS)}) so that its chdir changes no other thread's working directory, and the
 * thread ends after the call. Relative paths keep the mount valid with no helper files to clean up,
 * unlike a farm of short symlinks, and the upperdir and workdir stay absolute.
 */
public final class Mounter {
    private static final int PAGE_SIZE = 4096;
    /** containerd compacts when the options reach a page less 512 bytes of headroom. */
    private static final int COMPACT_THRESHOLD = PAGE_SIZE - 512;

    private static final long MS_RDONLY = 1;
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;
    private static final long MS_SYNCHRONOUS = 16;
    private static final long MS_REMOUNT = 32;
    private static final long MS_MANDLOCK = 64;
    private static final long MS_DIRSYNC = 128;
    private static final long MS_NOATIME = 1024;
    private static final long MS_NODIRATIME = 2048;
    private static final long MS_BIND = 4096;
    private static final long MS_REC = 16384;
    private static final long MS_RELATIME = 1 << 21;
    private static final long MS_STRICTATIME = 1 << 24;
    private static final int MNT_DETACH = 2;
    private static final int EINVAL = 22;
    private static final int EBUSY = 16;
    private static final int BUSY_ATTEMPTS = 50;
    private static final long BUSY_PAUSE_MILLIS = 50;

    /** Flag words: value to set, or with clear=true, to clear. */
    private static final Map<String, Flag> FLAGS = Map.ofEntries(
            Map.entry("async", new Flag(true, MS_SYNCHRONOUS)),
            Map.entry("atime", new Flag(true, MS_NOATIME)),
            Map.entry("bind", new Flag(false, MS_BIND)),
            Map.entry("defaults", new Flag(false, 0)),
            Map.entry("dev", new Flag(true, MS_NODEV)),
            Map.entry("diratime", new Flag(true, MS_NODIRATIME)),
            Map.entry("dirsync", new Flag(false, MS_DIRSYNC)),
            Map.entry("exec", new Flag(true, MS_NOEXEC)),
            Map.entry("mand", new Flag(false, MS_MANDLOCK)),
            Map.entry("noatime", new Flag(false, MS_NOATIME)),
            Map.entry("nodev", new Flag(false, MS_NODEV)),
            Map.entry("nodiratime", new Flag(false, MS_NODIRATIME)),
            Map.entry("noexec", new Flag(false, MS_NOEXEC)),
            Map.entry("nomand", new Flag(true, MS_MANDLOCK)),
            Map.entry("norelatime", new Flag(true, MS_RELATIME)),
            Map.entry("nostrictatime", new Flag(true, MS_STRICTATIME)),
            Map.entry("nosuid", new Flag(false, MS_NOSUID)),
            Map.entry("rbind", new Flag(false, MS_BIND | MS_REC)),
            Map.entry("relatime", new Flag(false, MS_RELATIME)),
            Map.entry("remount", new Flag(false, MS_REMOUNT)),
            Map.entry("ro", new Flag(false, MS_RDONLY)),
            Map.entry("rw", new Flag(true, MS_RDONLY)),
            Map.entry("strictatime", new Flag(false, MS_STRICTATIME)),
            Map.entry("suid", new Flag(true, MS_NOSUID)),
            Map.entry("sync", new Flag(false, MS_SYNCHRONOUS)));

    private interface Syscalls extends Library {
        Syscalls INSTANCE = Native.load("c", Syscalls.class);

        int mount(String source, String target, String fstype, NativeLong flags, String data) throws LastErrorException;

        int umount2(String target, int flags) throws LastErrorException;
    }

    private record Flag(boolean clear, long value) {
    }

    /** Mounts each of {@code mounts} on {@code target} in order, as containerd's mount.All does. */
    public void mount(List<Mount> mounts, Path target) throws IOException {
        for (Mount mount : mounts) {
            mountOne(mount, target.toAbsolutePath());
        }
    }

    /** Unmounts everything stacked on {@code target}; does nothing if nothing is mounted there or it does not exist. */
    public void unmount(Path target) throws IOException {
        unmountAll(target, 0);
    }

    /** Like {@link #unmount}, but lazily (MNT_DETACH): busy mounts are detached now and freed when unused. */
    public void detach(Path target) throws IOException {
        unmountAll(target, MNT_DETACH);
    }

    private void unmountAll(Path target, int flags) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        String path = target.toAbsolutePath().toString();
        int busy = 0;
        while (true) {
            try {
                Syscalls.INSTANCE.umount2(path, flags);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == EINVAL) {
                    return;
                }
                // A child process forked meanwhile (runc, by another build step) holds copies of our open
                // descriptors until it execs and closes them: wait for that, as containerd's mount.Unmount does.
                if (e.getErrorCode() == EBUSY && ++busy < BUSY_ATTEMPTS) {
                    sleepBetweenAttempts(path, e);
                    continue;
                }
                throw new IOException("failed to unmount " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private static void sleepBetweenAttempts(String path, LastErrorException busy) throws IOException {
        try {
            Thread.sleep(BUSY_PAUSE_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            IOException failure = new IOException("failed to unmount " + path + ": interrupted while it was busy", e);
            failure.addSuppressed(busy);
            throw failure;
        }
    }

    private void mountOne(Mount mount, Path target) throws IOException {
        List<String> options = mount.options();
        String workingDirectory = null;
        if (mount.type().equals("overlay") && byteLength(String.join("", options)) >= COMPACT_THRESHOLD) {
            LowerdirCompaction compaction = LowerdirCompaction.of(options);
            workingDirectory = compaction.directory();
            options = compaction.options();
        }
        long flags = 0;
        List<String> data = new ArrayList<>();
        for (String option : options) {
            Flag flag = FLAGS.get(option);
            if (flag == null || flag.value() == 0) {
                data.add(option);
            } else if (flag.clear()) {
                flags &= ~flag.value();
            } else {
                flags |= flag.value();
            }
        }
        String joined = String.join(",", data);
        if (byteLength(joined) >= PAGE_SIZE) {
            throw new IOException("failed to mount " + target + ": mount options are longer than a page (" + byteLength(joined) + " bytes)");
        }
        call(mount.source(), target, mount.type(), flags, joined, workingDirectory);
        if ((flags & (MS_BIND | MS_RDONLY)) == (MS_BIND | MS_RDONLY)) {
            call("", target, "", flags | MS_REMOUNT, "", null);
        }
    }

    private static void call(String source, Path target, String type, long flags, String data, String workingDirectory) throws IOException {
        if (workingDirectory == null) {
            syscall(source, target, type, flags, data);
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                LibC.INSTANCE.unshare(LibC.CLONE_FS);
                LibC.INSTANCE.chdir(workingDirectory);
                syscall(source, target, type, flags, data);
            } catch (IOException | LastErrorException e) {
                failure.set(e);
            }
        }, "strata-mount");
        thread.start();
        joinUninterruptibly(thread);
        Throwable error = failure.get();
        if (error instanceof IOException io) {
            throw io;
        }
        if (error != null) {
            throw new IOException("failed to mount " + target + " from " + workingDirectory + ": " + error.getMessage(), error);
        }
    }

    /** Waits for the mount thread even when interrupted, so that the caller learns whether the mount happened. */
    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static int byteLength(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static void syscall(String source, Path target, String type, long flags, String data) throws IOException {
        try {
            Syscalls.INSTANCE.mount(source, target.toString(), type, new NativeLong(flags), data);
        } catch (LastErrorException e) {
            throw new IOException("failed to mount " + type + " " + source + " on " + target + ": " + e.getMessage(), e);
        }
    }
}
