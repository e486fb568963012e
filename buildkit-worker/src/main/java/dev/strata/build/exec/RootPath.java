package dev.strata.build.exec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Resolves a container path inside a root filesystem on the host, following symlinks as the
 * container would see them: an absolute link target starts again at the root and ".." stops at the
 * root, so the result never lies outside it (continuity's fs.RootPath). Components that do not exist
 * are kept as written.
 */
final class RootPath {
    private static final int MAX_LINKS = 255;

    private RootPath() {
    }

    static Path resolve(Path root, String containerPath) throws IOException {
        Deque<String> pending = new ArrayDeque<>(List.of(containerPath.split("/")));
        List<String> resolved = new ArrayList<>();
        int links = 0;
        while (!pending.isEmpty()) {
            String part = pending.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!resolved.isEmpty()) {
                    resolved.remove(resolved.size() - 1);
                }
                continue;
            }
            Path candidate = join(root, resolved).resolve(part);
            if (!Files.isSymbolicLink(candidate)) {
                resolved.add(part);
                continue;
            }
            if (++links > MAX_LINKS) {
                throw new IOException("failed to resolve " + containerPath + " in " + root + ": too many symbolic links");
            }
            String target = Files.readSymbolicLink(candidate).toString();
            if (target.startsWith("/")) {
                resolved.clear();
            }
            String[] targetParts = target.split("/");
            for (int i = targetParts.length - 1; i >= 0; i--) {
                pending.addFirst(targetParts[i]);
            }
        }
        return join(root, resolved);
    }

    private static Path join(Path root, List<String> parts) {
        Path path = root;
        for (String part : parts) {
            path = path.resolve(part);
        }
        return path;
    }
}
