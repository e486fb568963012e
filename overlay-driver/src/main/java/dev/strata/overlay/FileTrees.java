package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deleting whole directory trees of snapshots, layers and scratch space. */
public final class FileTrees {
    private FileTrees() {
    }

    /**
     * {@link #delete}s {@code root}, or logs a warning on {@code log} that names it and who will try
     * again ({@code retry}) and returns false.
     */
    static boolean deleteOrWarn(Path root, System.Logger log, String retry) {
        try {
            delete(root);
            return true;
        } catch (UncheckedIOException e) {
            log.log(System.Logger.Level.WARNING, "failed to remove directory " + root + ", " + retry + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Deletes {@code root} and everything below it; a missing root is fine, and so is anything that
     * another deleter of the same tree took first (Cleanup and the background remover may meet on a
     * removed snapshot's directory). Symbolic links are deleted, never followed, so a link in the tree
     * cannot lead the delete elsewhere.
     *
     * @throws UncheckedIOException naming what could not be deleted
     */
    public static void delete(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.walkFileTree(root, new Deleter());
        } catch (IOException e) {
            throw new UncheckedIOException("failed to delete " + root + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes each file it visits and each directory after its entries; whatever is gone by the time
     * it gets there (listed, then taken by another deleter) counts as deleted.
     */
    static class Deleter extends SimpleFileVisitor<Path> {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
            Files.deleteIfExists(file);
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
            if (failure instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw failure;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException failure) throws IOException {
            if (failure != null && !(failure instanceof NoSuchFileException)) {
                throw failure;
            }
            Files.deleteIfExists(dir);
            return FileVisitResult.CONTINUE;
        }
    }
}
