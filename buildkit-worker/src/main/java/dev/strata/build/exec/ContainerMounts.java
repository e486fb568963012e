package dev.strata.build.exec;

import dev.strata.build.exec.RuntimeSpec.SpecMount;
import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Mount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns an exec's mounts into runc mounts. A whole snapshot that is a single bind mount is handed to
 * runc as is; any other snapshot mount list (overlay, several mounts) or a selected part of a snapshot
 * is mounted here, in the exec's state directory, and bound into the container, so runc never sees
 * long overlay options. A selector is resolved inside the snapshot, never through a symlink out of it. Secrets are
 * copied into a private tmpfs, never to disk. Everything made here registers its undo step.
 */
final class ContainerMounts {
    private static final List<String> SECRET_OPTIONS = List.of("ro", "rbind", "nodev", "nosuid", "noexec");

    private final Mounter mounter;
    private final Path stateDir;
    private final CleanupStack cleanup;
    private Path secrets;
    private int count;

    ContainerMounts(Mounter mounter, Path stateDir, CleanupStack cleanup) {
        this.mounter = mounter;
        this.stateDir = stateDir;
        this.cleanup = cleanup;
    }

    List<SpecMount> prepare(List<ExecMount> mounts) throws IOException {
        List<SpecMount> specMounts = new ArrayList<>();
        for (ExecMount mount : mounts) {
            specMounts.add(prepare(mount));
        }
        return specMounts;
    }

    private SpecMount prepare(ExecMount mount) throws IOException {
        if (mount instanceof ExecMount.Snapshot snapshot) {
            return snapshot(snapshot);
        }
        if (mount instanceof ExecMount.Tmpfs tmpfs) {
            List<String> options = new ArrayList<>(List.of("nosuid"));
            if (tmpfs.sizeBytes() > 0) {
                options.add("size=" + tmpfs.sizeBytes());
            }
            return new SpecMount(tmpfs.target(), "tmpfs", "tmpfs", options);
        }
        if (mount instanceof ExecMount.Secret secret) {
            return new SpecMount(secret.target(), "bind", copySecret(secret).toString(), SECRET_OPTIONS);
        }
        ExecMount.Cache cache = (ExecMount.Cache) mount;
        if (!Files.isDirectory(cache.directory())) {
            throw new IOException("failed to mount cache at " + cache.target() + ": " + cache.directory() + " is not a directory");
        }
        return new SpecMount(cache.target(), "bind", cache.directory().toString(), List.of("rbind"));
    }

    private SpecMount snapshot(ExecMount.Snapshot snapshot) throws IOException {
        String access = snapshot.readonly() ? "ro" : "rw";
        List<Mount> mounts = snapshot.mounts();
        Mount first = mounts.get(0);
        boolean whole = RootPath.resolve(Path.of("/"), snapshot.selector()).equals(Path.of("/"));
        if (whole && mounts.size() == 1 && first.type().equals("bind")) {
            List<String> options = new ArrayList<>(first.options().stream().filter(o -> !o.equals("ro") && !o.equals("rw")).toList());
            options.add(access);
            return new SpecMount(snapshot.target(), "bind", first.source(), options);
        }
        Path directory = stateDir.resolve("mount-" + count++);
        Files.createDirectory(directory);
        cleanup.push("remove " + directory, () -> Files.deleteIfExists(directory));
        cleanup.push("unmount " + directory, () -> mounter.unmount(directory));
        mounter.mount(mounts, directory);
        Path source = RootPath.resolve(directory, snapshot.selector());
        if (!Files.exists(source)) {
            throw new IOException("failed to mount " + snapshot.selector() + " of a snapshot at " + snapshot.target() + ": no such file or directory");
        }
        return new SpecMount(snapshot.target(), "bind", source.toString(), List.of("rbind", access));
    }

    private Path copySecret(ExecMount.Secret secret) throws IOException {
        if (secrets == null) {
            Path directory = stateDir.resolve("secrets");
            Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(Set.of(
                    PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE)));
            cleanup.push("remove " + directory, () -> Files.deleteIfExists(directory));
            cleanup.push("unmount " + directory, () -> mounter.unmount(directory));
            mounter.mount(List.of(Mount.of("tmpfs", "tmpfs", List.of("mode=0700", "nosuid", "nodev", "noexec"))), directory);
            secrets = directory;
        }
        Path file = secrets.resolve("secret-" + count++);
        Files.copy(secret.source(), file);
        Files.setAttribute(file, "unix:mode", secret.mode());
        Files.setAttribute(file, "unix:uid", secret.uid());
        Files.setAttribute(file, "unix:gid", secret.gid());
        return file;
    }
}
