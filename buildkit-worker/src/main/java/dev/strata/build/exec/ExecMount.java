package dev.strata.build.exec;

import dev.strata.snapshots.Mount;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/** A mount inside the exec's container besides its root, at an absolute {@link #target()}. */
public sealed interface ExecMount {
    /** Absolute path inside the container. */
    String target();

    /**
     * Another snapshot's mount list (from a Snapshotter), read-only or writable; {@code selector} is the
     * directory or file inside the snapshot to mount ("/" for all of it), LLB's mount selector.
     */
    record Snapshot(String target, List<Mount> mounts, boolean readonly, String selector) implements ExecMount {
        public Snapshot {
            target = ContainerPaths.requireAbsolute(target);
            mounts = List.copyOf(mounts);
            selector = ContainerPaths.requireAbsolute(selector);
            if (mounts.isEmpty()) {
                throw new IllegalArgumentException("snapshot mount at " + target + " has no mounts");
            }
        }

        /** The whole snapshot. */
        public Snapshot(String target, List<Mount> mounts, boolean readonly) {
            this(target, mounts, readonly, "/");
        }
    }

    /** A fresh tmpfs of at most {@code sizeBytes} (0: the kernel's default, half of RAM). */
    record Tmpfs(String target, long sizeBytes) implements ExecMount {
        public Tmpfs {
            target = ContainerPaths.requireAbsolute(target);
            if (sizeBytes < 0) {
                throw new IllegalArgumentException("tmpfs size must not be negative: " + sizeBytes);
            }
        }
    }

    /** A host file, copied to a private tmpfs and mounted read-only with the given mode and owner. */
    record Secret(String target, Path source, int mode, int uid, int gid) implements ExecMount {
        public Secret {
            target = ContainerPaths.requireAbsolute(target);
            Objects.requireNonNull(source, "source");
            if ((mode & ~07777) != 0) {
                throw new IllegalArgumentException("secret mode must be within 07777: " + Integer.toOctalString(mode));
            }
        }
    }

    /** A directory the caller keeps between execs (a cache mount), mounted writable. */
    record Cache(String target, Path directory) implements ExecMount {
        public Cache {
            target = ContainerPaths.requireAbsolute(target);
            Objects.requireNonNull(directory, "directory");
        }
    }
}
