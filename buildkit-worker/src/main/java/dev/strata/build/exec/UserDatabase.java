package dev.strata.build.exec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The entries of a root filesystem's /etc/passwd and /etc/group, read as runc's user package reads
 * them. A file that is missing or not a regular file counts as absent; one over 10 MiB is refused.
 */
final class UserDatabase {
    private static final long MAX_FILE_BYTES = 10L << 20;

    record PasswdEntry(String name, int uid, int gid) {
    }

    record GroupEntry(String name, int gid, List<String> members) {
    }

    private final Optional<List<PasswdEntry>> passwd;
    private final Optional<List<GroupEntry>> groups;

    private UserDatabase(Optional<List<PasswdEntry>> passwd, Optional<List<GroupEntry>> groups) {
        this.passwd = passwd;
        this.groups = groups;
    }

    static UserDatabase read(Path rootfs) throws IOException {
        return new UserDatabase(
                readLines(rootfs, "/etc/passwd").map(lines -> parse(lines, UserDatabase::passwdEntry)),
                readLines(rootfs, "/etc/group").map(lines -> parse(lines, UserDatabase::groupEntry)));
    }

    /** Entries of /etc/passwd, or empty if the file is absent. */
    Optional<List<PasswdEntry>> passwd() {
        return passwd;
    }

    /** Entries of /etc/group, or empty if the file is absent. */
    Optional<List<GroupEntry>> groups() {
        return groups;
    }

    private static Optional<List<String>> readLines(Path rootfs, String containerPath) throws IOException {
        Path file = RootPath.resolve(rootfs, containerPath);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException("failed to read " + containerPath + ": larger than " + MAX_FILE_BYTES + " bytes");
        }
        return Optional.of(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    private static <T> List<T> parse(List<String> lines, Function<String[], T> entry) {
        List<T> entries = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            entries.add(entry.apply(trimmed.split(":", -1)));
        }
        return List.copyOf(entries);
    }

    private static PasswdEntry passwdEntry(String[] fields) {
        return new PasswdEntry(field(fields, 0), number(field(fields, 2)), number(field(fields, 3)));
    }

    private static GroupEntry groupEntry(String[] fields) {
        String members = field(fields, 3);
        List<String> list = members.isEmpty() ? List.of() : Arrays.asList(members.split(","));
        return new GroupEntry(field(fields, 0), number(field(fields, 2)), List.copyOf(list));
    }

    private static String field(String[] fields, int index) {
        return index < fields.length ? fields[index] : "";
    }

    /** runc's parser takes an unparsable id as 0. */
    private static int number(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
