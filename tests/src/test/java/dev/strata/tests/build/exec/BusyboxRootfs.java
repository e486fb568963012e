package dev.strata.tests.build.exec;

import dev.strata.overlay.Mounter;
import dev.strata.snapshots.Snapshotter;
import dev.strata.tests.support.BusyboxTestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A committed snapshot holding Debian's static busybox with applet symlinks in /bin, and an
 * /etc/passwd and /etc/group with the users the exec tests resolve.
 */
public final class BusyboxRootfs {
    static final List<String> APPLETS = List.of(
            "sh", "echo", "cat", "id", "ls", "hostname", "grep", "wc", "pwd", "stat", "test", "mkdir", "touch", "cut", "true", "sleep");
    static final String PASSWD = "root:x:0:0:root:/root:/bin/sh\nalice:x:1000:1000:Alice:/home/alice:/bin/sh\n";
    static final String GROUP = "root:x:0:\nalice:x:1000:\nbuilders:x:2000:bob,alice\nwheel:x:3000:\n";

    private BusyboxRootfs() {
    }

    /** Writes the root filesystem into a new snapshot and commits it as {@code name}. */
    public static void commit(Snapshotter snapshotter, Mounter mounter, Path mountPoint, String name) throws IOException {
        String key = name + "-prepare";
        mounter.mount(snapshotter.prepare(key, "", Map.of()), mountPoint);
        try {
            Path bin = Files.createDirectories(mountPoint.resolve("bin"));
            Files.copy(BusyboxTestImage.BUSYBOX, bin.resolve("busybox"));
            for (String applet : APPLETS) {
                Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
            }
            Path etc = Files.createDirectories(mountPoint.resolve("etc"));
            Files.writeString(etc.resolve("passwd"), PASSWD);
            Files.writeString(etc.resolve("group"), GROUP);
        } finally {
            mounter.unmount(mountPoint);
        }
        snapshotter.commit(name, key, Map.of());
    }
}
