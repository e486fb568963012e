package dev.strata.build.layer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The merged view of an upper directory over its lowers (top first), as overlayfs would show it,
 * used to resolve layer paths without mounting: lookups stop at an overlay whiteout, and symlinks
 * are followed as if the upper directory were the root, so no path resolves outside it.
 */
final class LayeredTree {
    private static final int MAX_LINKS = 40;
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private final Path upper;
    private final List<Path> lowers;

    LayeredTree(Path upper, List<Path> lowers) {
        this.upper = upper;
        this.lowers = List.copyOf(lowers);
    }

    Path upper() {
        return upper;
    }

    /**
     * Resolves {@code components} (already cleaned) through symlinks in the merged view, treating
     * absolute link targets as relative to the root; returns symlink-free components.
     */
    List<String> resolve(List<String> components) throws IOException {
        Deque<String> todo = new ArrayDeque<>(components);
        List<String> done = new ArrayList<>();
        int links = 0;
        while (!todo.isEmpty()) {
            String part = todo.pollFirst();
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!done.isEmpty()) {
                    done.remove(done.size() - 1);
                }
                continue;
            }
            done.add(part);
            Path found = find(done);
            if (found != null && Files.isSymbolicLink(found)) {
                if (++links > MAX_LINKS) {
                    throw new IOException("failed to resolve " + String.join("/", components) + ": too many symlinks");
                }
                done.remove(done.size() - 1);
                String target = Files.readSymbolicLink(found).toString();
                if (target.startsWith("/")) {
                    done.clear();
                }
                List<String> targetParts = List.of(target.split("/"));
                for (int i = targetParts.size() - 1; i >= 0; i--) {
                    todo.addFirst(targetParts.get(i));
                }
            }
        }
        return done;
    }

    /** The topmost existing file for {@code components}, or null if absent or whited out. */
    Path find(List<String> components) throws IOException {
        String relative = String.join("/", components);
        for (Path layer : layers()) {
            Path candidate = relative.isEmpty() ? layer : layer.resolve(relative);
            if (Files.exists(candidate, NOFOLLOW)) {
                return Whiteouts.isOverlayWhiteout(candidate) ? null : candidate;
            }
        }
        return null;
    }

    /**
     * Makes the directory {@code components} (symlink-free) exist in the upper directory, copying
     * each missing level's mode, owner and times from the lower that has it, as an overlayfs copy-up would.
     */
    Path ensureDirectory(List<String> components) throws IOException {
        Path current = upper;
        for (int i = 0; i < components.size(); i++) {
            current = current.resolve(components.get(i));
            if (Files.isDirectory(current, NOFOLLOW)) {
                continue;
            }
            Files.deleteIfExists(current);
            Path lower = findInLowers(components.subList(0, i + 1));
            Files.createDirectory(current);
            if (lower != null && Files.isDirectory(lower, NOFOLLOW)) {
                copyAttributes(lower, current);
            } else {
                Posix.chmod(current, 0755);
            }
        }
        return current;
    }

    /** Copies a lower file into the upper directory, for a hard link to a file this layer did not write. */
    Path copyUp(List<String> components) throws IOException {
        Path target = upper.resolve(String.join("/", components));
        if (Files.exists(target, NOFOLLOW)) {
            return target;
        }
        Path lower = findInLowers(components);
        if (lower == null || !Files.isRegularFile(lower, NOFOLLOW)) {
            throw new IOException("failed to link to " + String.join("/", components) + ": no such file in the layer or below");
        }
        ensureDirectory(components.subList(0, components.size() - 1));
        Files.copy(lower, target);
        copyAttributes(lower, target);
        return target;
    }

    private Path findInLowers(List<String> components) throws IOException {
        String relative = String.join("/", components);
        for (Path layer : lowers) {
            Path candidate = layer.resolve(relative);
            if (Files.exists(candidate, NOFOLLOW)) {
                return Whiteouts.isOverlayWhiteout(candidate) ? null : candidate;
            }
        }
        return null;
    }

    private static void copyAttributes(Path from, Path to) throws IOException {
        Map<String, Object> attributes = Files.readAttributes(from, "unix:mode,uid,gid,lastModifiedTime", NOFOLLOW);
        Posix.lchown(to, (Integer) attributes.get("uid"), (Integer) attributes.get("gid"));
        Posix.chmod(to, (Integer) attributes.get("mode"));
        java.time.Instant modified = ((java.nio.file.attribute.FileTime) attributes.get("lastModifiedTime")).toInstant();
        Posix.setModified(to, modified.getEpochSecond(), modified.getNano());
    }

    private List<Path> layers() {
        List<Path> all = new ArrayList<>(lowers.size() + 1);
        all.add(upper);
        all.addAll(lowers);
        return all;
    }
}
