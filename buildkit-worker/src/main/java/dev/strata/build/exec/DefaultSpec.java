package dev.strata.build.exec;

import dev.strata.build.exec.RuntimeSpec.Device;
import dev.strata.build.exec.RuntimeSpec.SpecMount;
import java.util.List;

/**
 * The sandbox BuildKit's runc executor gives every exec: containerd's default Unix spec
 * (oci.populateDefaultUnixSpec) without /run, plus a read-only cgroup mount (BuildKit's
 * generateMountOpts), and what insecure mode adds (BuildKit's security.WithInsecureSpec).
 */
public final class DefaultSpec {
    /** The PATH BuildKit gives an exec or an image config that sets none. */
    public static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    static final List<String> CAPABILITIES = List.of(
            "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
            "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
            "CAP_AUDIT_WRITE");

    static final List<String> MASKED_PATHS = List.of(
            "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
            "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/sys/devices/virtual/powercap", "/proc/scsi");

    static final List<String> READONLY_PATHS = List.of(
            "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger");

    /** /proc, /dev and /sys; the exec's own mounts come after these. */
    static final List<SpecMount> SYSTEM_MOUNTS = List.of(
            new SpecMount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
            new SpecMount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
            new SpecMount("/dev/pts", "devpts", "devpts",
                    List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
            new SpecMount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
            new SpecMount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
            new SpecMount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro")));

    static final SpecMount CGROUP_MOUNT =
            new SpecMount("/sys/fs/cgroup", "cgroup", "cgroup", List.of("ro", "nosuid", "noexec", "nodev"));

    /** Devices insecure mode creates besides runc's defaults (BuildKit also adds free loop devices). */
    static final List<Device> INSECURE_DEVICES = List.of(
            new Device("/dev/kmsg", "c", 1, 11),
            new Device("/dev/cuse", "c", 10, 203),
            new Device("/dev/fuse", "c", 10, 229),
            new Device("/dev/kvm", "c", 10, 232),
            new Device("/dev/net/tun", "c", 10, 200),
            new Device("/dev/loop-control", "c", 10, 237));

    private DefaultSpec() {
    }
}
