package dev.strata.tests.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A file tree as text, one line per path, in the format of the LLB samples' {@code truth.txt}
 * (BuildKit's own results): {@code path type mode uid:gid}, then {@code size sha256-prefix(16)}
 * for files and the target for symlinks. Types: f file, d dir, l link, o other. Modes are four
 * octal digits (setuid, setgid and sticky included). Top-level proc, sys and dev are left out.
 * Lines are grouped by parent directory, directories in byte order, each group sorted by name,
 * as truth.txt is: no times, so two builds of the same thing list the same.
 */
public final class FileTreeListing {
    private static final Set<String> LEFT_OUT = Set.of("proc", "sys", "dev");
    private static final int SHA256_PREFIX = 16;
    private static final Comparator<String> TRUTH_ORDER =
            Comparator.comparing(FileTreeListing::parentOf).thenComparing(Comparator.naturalOrder());

    private FileTreeListing() {
    }

    /** Lists everything under {@code root} (a directory or a mounted snapshot), symlinks not followed. */
    public static List<String> of(Path root) {
        Map<String, String> lines = new TreeMap<>(TRUTH_ORDER);
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (dir.equals(root)) {
                        return FileVisitResult.CONTINUE;
                    }
                    if (dir.getParent().equals(root) && LEFT_OUT.contains(dir.getFileName().toString())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    add(lines, root, dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    add(lines, root, file);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("failed to list " + root + ": " + e.getMessage(), e);
        }
        return List.copyOf(lines.values());
    }

    /** The lines of a listing file such as truth.txt, blank lines dropped. */
    public static List<String> read(Path listing) {
        try {
            return Files.readAllLines(listing).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read listing " + listing + ": " + e.getMessage(), e);
        }
    }

    private static void add(Map<String, String> lines, Path root, Path path) throws IOException {
        String relative = root.relativize(path).toString();
        lines.put(relative, line(relative, path));
    }

    private static String line(String relative, Path path) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(path, "unix:mode,uid,gid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) attributes.get("mode");
        String head = relative + " " + type(path) + " " + String.format("%04o", mode & 07777)
                + " " + attributes.get("uid") + ":" + attributes.get("gid");
        if (Files.isSymbolicLink(path)) {
            return head + " " + Files.readSymbolicLink(path);
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
            return head + " " + Files.size(path) + " " + sha256Prefix(path);
        }
        return head;
    }

    private static String type(Path path) {
        if (Files.isSymbolicLink(path)) {
            return "l";
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return "d";
        }
        return Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) ? "f" : "o";
    }

    private static String sha256Prefix(Path file) throws IOException {
        MessageDigest sha256 = sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                sha256.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(sha256.digest()).substring(0, SHA256_PREFIX);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("failed to hash: no SHA-256 in this JVM", e);
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
