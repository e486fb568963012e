package dev.strata.tests.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Finds and removes mounts that tests, containerd or runc left below a directory. */
public final class Mounts {

    private static final Path MOUNT_INFO = Path.of("/proc/self/mountinfo");
    private static final Duration UMOUNT_TIMEOUT = Duration.ofSeconds(30);

    private Mounts() {
    }

    /** Mount points at or below {@code dir}, most recent first (the order in which they must be unmounted). */
    public static List<Path> under(Path dir) throws IOException {
        Path base = dir.toAbsolutePath().normalize();
        List<Path> found = new ArrayList<>();
        for (String line : Files.readAllLines(MOUNT_INFO)) {
            Path mountPoint = Path.of(unescape(line.split(" ")[4]));
            if (mountPoint.startsWith(base)) {
                found.add(0, mountPoint);
            }
        }
        return found;
    }

    /** Unmounts everything at or below {@code dir}; a busy mount is detached lazily rather than left behind. */
    public static void unmountAll(Path dir) throws IOException {
        for (Path mountPoint : under(dir)) {
            CommandResult result = Commands.run(UMOUNT_TIMEOUT, List.of("umount", mountPoint.toString()));
            if (!result.succeeded()) {
                Commands.run(UMOUNT_TIMEOUT, List.of("umount", "--lazy", mountPoint.toString())).requireSuccess();
            }
        }
    }

    /** mountinfo escapes space, tab, newline and backslash as three octal digits. */
    private static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
