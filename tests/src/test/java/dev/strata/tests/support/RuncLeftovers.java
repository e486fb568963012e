package dev.strata.tests.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What runc keeps outside containerd's directories: container state under /run/containerd/runc/<ns>
 * and, because ctr puts containers in cgroup /<ns>/<id>, a cgroup per namespace. runc removes a
 * container's own state and cgroup when containerd deletes it, but not after a shim was killed,
 * and never the namespace's directories.
 */
final class RuncLeftovers {

    private static final Path RUNC_STATE = Path.of("/run/containerd/runc");
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Duration RUNC_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RuncLeftovers() {
    }

    /** Force-deletes the runc containers whose bundle lies below {@code ownedDirectory}. */
    static void deleteContainers(Collection<String> namespaces, Path ownedDirectory) throws IOException {
        for (String namespace : namespaces) {
            Path root = RUNC_STATE.resolve(namespace);
            if (!Files.isDirectory(root)) {
                continue;
            }
            String listing = runc(root, "list", "--format", "json").requireSuccess();
            for (JsonNode container : JSON.readTree(listing)) {
                if (Path.of(container.path("bundle").asText("/")).startsWith(ownedDirectory)) {
                    runc(root, "delete", "--force", container.path("id").asText()).requireSuccess();
                }
            }
        }
    }

    /**
     * Removes the namespaces' runc state directories and cgroups where they are empty; a namespace
     * name may be in use by another containerd on this machine, whose containers keep them busy.
     */
    static void removeEmptyNamespaceDirectories(Collection<String> namespaces) throws IOException {
        List<Path> hierarchies = cgroupHierarchies();
        for (String namespace : namespaces) {
            removeIfEmpty(RUNC_STATE.resolve(namespace));
            for (Path hierarchy : hierarchies) {
                removeIfEmpty(hierarchy.resolve(namespace));
            }
        }
    }

    /** The cgroup v2 root and every v1 controller mounted below it. */
    private static List<Path> cgroupHierarchies() throws IOException {
        List<Path> hierarchies = new ArrayList<>(List.of(CGROUP_ROOT));
        try (DirectoryStream<Path> children = Files.newDirectoryStream(CGROUP_ROOT, Files::isDirectory)) {
            children.forEach(hierarchies::add);
        }
        return hierarchies;
    }

    /** rmdir: fails, and is ignored, for a non-empty directory or a cgroup that still has members or children. */
    private static void removeIfEmpty(Path directory) {
        if (Files.isDirectory(directory)) {
            try {
                Files.delete(directory);
            } catch (IOException e) {
                // busy or not empty: not ours to remove
            }
        }
    }

    private static CommandResult runc(Path root, String... args) {
        List<String> command = new ArrayList<>(List.of("runc", "--root", root.toString()));
        command.addAll(List.of(args));
        return Commands.run(RUNC_TIMEOUT, command);
    }
}
