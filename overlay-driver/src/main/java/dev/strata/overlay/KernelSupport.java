package dev.strata.overlay;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import dev.strata.snapshots.Mount;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What overlayfs on this kernel and this root allows, found once at open, as containerd's
 * overlayutils and overlay.NewSnapshotter find it.
 *
 * @param indexOff  add "index=off": the kernel has the overlay index feature, which would tie an upper
 *                  layer to one set of lower layers
 * @param userxattr add "userxattr": in a user namespace, where trusted.* xattrs are out of reach
 */
record KernelSupport(boolean indexOff, boolean userxattr) {
    private static final Path INDEX_PARAMETER = Path.of("/sys/module/overlay/parameters/index");
    private static final Path UID_MAP = Path.of("/proc/self/uid_map");

    /**
     * Checks that {@code root} can hold overlay snapshots (d_type support, an overlay with two lowerdirs
     * mounts there) and detects the options to add.
     *
     * @throws IllegalStateException when the root cannot be used
     */
    static KernelSupport probe(Path root, Mounter mounter) {
        requireDType(root);
        requireOverlay(root, mounter);
        return new KernelSupport(Files.exists(INDEX_PARAMETER), needsUserXattr(root, mounter));
    }

    private static void requireDType(Path root) {
        Path probe = createTempDirectory(root, "d-type-check");
        try {
            Files.createFile(probe.resolve("file"));
            Pointer dir = LibC.INSTANCE.opendir(probe.toString());
            try {
                for (Pointer entry = LibC.INSTANCE.readdir(dir); entry != null; entry = LibC.INSTANCE.readdir(dir)) {
                    if (entry.getString(LibC.DIRENT_NAME_OFFSET).equals("file")
                            && entry.getByte(LibC.DIRENT_TYPE_OFFSET) == LibC.DT_UNKNOWN) {
                        throw new IllegalStateException("failed to open overlay snapshotter: " + root
                                + " does not support d_type; if the backing filesystem is xfs, reformat it with ftype=1");
                    }
                }
            } finally {
                LibC.INSTANCE.closedir(dir);
            }
        } catch (IOException | LastErrorException e) {
            throw new IllegalStateException("failed to check d_type support of " + root + ": " + e.getMessage(), e);
        } finally {
            FileTrees.delete(probe);
        }
    }

    private static void requireOverlay(Path root, Mounter mounter) {
        try {
            mountOverlay(root, mounter, List.of());
        } catch (IOException e) {
            throw new IllegalStateException("failed to open overlay snapshotter: overlayfs does not mount on " + root + ": " + e.getMessage(), e);
        }
    }

    /** Mounts and unmounts an overlay of two lowerdirs, an upperdir and a workdir below {@code root}, as overlayutils' checks do. */
    private static void mountOverlay(Path root, Mounter mounter, List<String> extraOptions) throws IOException {
        Path probe = createTempDirectory(root, "overlay-check");
        try {
            for (String dir : List.of("lower1", "lower2", "upper", "work", "merged")) {
                Files.createDirectory(probe.resolve(dir));
            }
            List<String> options = new ArrayList<>(extraOptions);
            options.add("lowerdir=" + probe.resolve("lower2") + ":" + probe.resolve("lower1"));
            options.add("upperdir=" + probe.resolve("upper"));
            options.add("workdir=" + probe.resolve("work"));
            Path merged = probe.resolve("merged");
            mounter.mount(List.of(Mount.of("overlay", "overlay", options)), merged);
            mounter.unmount(merged);
        } finally {
            FileTrees.delete(probe);
        }
    }

    /** containerd's NeedsUserXAttr: only in a user namespace, never on tmpfs, always from Linux 5.11, else by trying. */
    private static boolean needsUserXattr(Path root, Mounter mounter) {
        if (!inUserNamespace() || onTmpfs(root)) {
            return false;
        }
        if (kernelAtLeast(5, 11)) {
            return true;
        }
        try {
            mountOverlay(root, mounter, List.of("userxattr"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean inUserNamespace() {
        try {
            String[] fields = Files.readString(UID_MAP).trim().split("\\s+");
            return !(fields.length == 3 && fields[0].equals("0") && fields[1].equals("0") && fields[2].equals("4294967295"));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onTmpfs(Path root) {
        try {
            FileStore store = Files.getFileStore(root);
            return store.type().equals("tmpfs");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean kernelAtLeast(int major, int minor) {
        String[] parts = System.getProperty("os.version").split("[.-]");
        try {
            int kernelMajor = Integer.parseInt(parts[0]);
            int kernelMinor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            return kernelMajor > major || (kernelMajor == major && kernelMinor >= minor);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Path createTempDirectory(Path root, String prefix) {
        try {
            return Files.createTempDirectory(root, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to create " + prefix + " directory in " + root + ": " + e.getMessage(), e);
        }
    }
}
