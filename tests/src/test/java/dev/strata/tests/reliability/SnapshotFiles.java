package dev.strata.tests.reliability;

import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.Snapshotter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The directories that a snapshot's mounts name, and the files a test writes into and reads back from them. */
final class SnapshotFiles {
    private static final Mounter MOUNTER = new Mounter();

    private SnapshotFiles() {
    }

    /** The writable directory of an active snapshot: a bind mount's source or the overlay's upperdir. */
    static Path upperDirectory(List<Mount> mounts) {
        Mount mount = mounts.get(0);
        if (mount.type().equals("bind")) {
            return Path.of(mount.source());
        }
        return Path.of(option(mount, "upperdir=").get(0));
    }

    /** Every directory the mounts name: bind sources, upper, work and lower directories. */
    static List<Path> directoriesNamed(List<Mount> mounts) {
        List<Path> directories = new ArrayList<>();
        for (Mount mount : mounts) {
            if (mount.type().equals("bind")) {
                directories.add(Path.of(mount.source()));
            } else {
                Stream.of("upperdir=", "workdir=", "lowerdir=").flatMap(prefix -> option(mount, prefix).stream())
                        .forEach(value -> Arrays.stream(value.split(":")).map(Path::of).forEach(directories::add));
            }
        }
        return directories;
    }

    /** Writes {@code content} as file {@code name} into the active snapshot whose mounts are given. */
    static void write(List<Mount> activeMounts, String name, String content) throws IOException {
        Files.writeString(upperDirectory(activeMounts).resolve(name), content);
    }

    /**
     * The regular files at the top of committed snapshot {@code name} as its users see them: through a view
     * mounted on {@code mountPoint}, unmounted and removed afterwards.
     */
    static Map<String, String> readThroughView(Snapshotter snapshotter, String name, Path mountPoint) throws IOException {
        String viewKey = "view-of/" + name;
        List<Mount> mounts = snapshotter.view(viewKey, name, Map.of());
        try {
            Files.createDirectories(mountPoint);
            MOUNTER.mount(mounts, mountPoint);
            try (Stream<Path> files = Files.list(mountPoint)) {
                Map<String, String> contents = new TreeMap<>();
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    contents.put(file.getFileName().toString(), Files.readString(file));
                }
                return contents;
            } finally {
                MOUNTER.unmount(mountPoint);
            }
        } finally {
            snapshotter.remove(viewKey);
        }
    }

    static List<String> option(Mount mount, String prefix) {
        return mount.options().stream().filter(option -> option.startsWith(prefix))
                .map(option -> option.substring(prefix.length())).toList();
    }
}
