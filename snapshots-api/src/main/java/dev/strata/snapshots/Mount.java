package dev.strata.snapshots;

import java.util.List;
import java.util.Objects;

/**
 * One mount(2) call's worth of data, as containerd's mount.Mount carries it.
 *
 * @param type    filesystem type, e.g. "bind" or "overlay"
 * @param source  the device or directory to mount
 * @param target  a path below the mount root, usually ""
 * @param options mount options, e.g. "ro", "rbind", "lowerdir=..."
 */
public record Mount(String type, String source, String target, List<String> options) {
    public Mount {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        options = List.copyOf(options);
    }

    public static Mount of(String type, String source, List<String> options) {
        return new Mount(type, source, "", options);
    }
}
