package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A delete that meets another deleter of the same tree: each test puts the other deleter's work
 * at one exact point of the walk, so that what the delete finds is what an unlucky interleaving
 * leaves, every run.
 */
class FileTreesTest {
    @TempDir
    Path scratch;
    private Path tree;

    @BeforeEach
    void makeTree() throws IOException {
        tree = scratch.resolve("tree");
        for (String name : new String[] {"a", "b", "c"}) {
            Path directory = Files.createDirectories(tree.resolve("fs").resolve(name).resolve("sub"));
            Files.writeString(directory.resolve("file"), "x");
            Files.writeString(tree.resolve("fs").resolve("file-" + name), "x");
        }
    }

    private void walk(FileTrees.Deleter deleter) throws IOException {
        Files.walkFileTree(tree, deleter);
        assertFalse(Files.exists(tree));
    }

    /**
     * The first file visited in a directory takes its siblings away before the walk gets to them: the
     * walk has listed them (a directory this small is read in one getdents), so it finds them gone
     * when it looks at each, files and whole subtrees alike.
     */
    @Test
    void entriesListedAndThenDeletedByAnotherDeleterCountAsDeleted() throws IOException {
        Set<Path> seen = new HashSet<>();
        List<Path> taken = new ArrayList<>();
        walk(new FileTrees.Deleter() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (seen.add(file.getParent())) {
                    try (Stream<Path> siblings = Files.list(file.getParent())) {
                        siblings.filter(sibling -> !sibling.equals(file)).forEach(taken::add);
                    }
                    taken.forEach(FileTrees::delete);
                }
                return super.visitFile(file, attrs);
            }
        });
        // fs/ holds three files: after the first visited, the other two at least were listed and taken
        assertTrue(taken.size() >= 2, "the other deleter took " + taken);
    }

    /** Each file after the walk looked at it, each directory after its entries, just before the walk gets to it. */
    @Test
    void whatIsDeletedJustBeforeTheWalkDeletesItCountsAsDeleted() throws IOException {
        walk(new FileTrees.Deleter() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return super.visitFile(file, attrs);
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
                Files.delete(dir);
                return super.postVisitDirectory(dir, failure);
            }
        });
    }

    @Test
    void aMissingRootIsAlreadyDeleted() {
        FileTrees.delete(scratch.resolve("missing"));
        assertFalse(Files.exists(scratch.resolve("missing")));
    }
}
