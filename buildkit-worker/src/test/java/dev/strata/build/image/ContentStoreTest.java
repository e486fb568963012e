package dev.strata.build.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);
    private static final Digest HELLO_DIGEST =
            Digest.parse("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");

    @TempDir
    Path root;

    @Test
    void storesBlobUnderItsDigest() throws Exception {
        ContentStore store = ContentStore.open(root);
        assertEquals(HELLO_DIGEST, store.write(HELLO));
        assertArrayEquals(HELLO, store.read(HELLO_DIGEST));
        assertEquals(5, store.size(HELLO_DIGEST));
        assertArrayEquals(HELLO, Files.readAllBytes(root.resolve("blobs/sha256/" + HELLO_DIGEST.hex())));
    }

    @Test
    void refusesContentThatDoesNotMatchTheExpectedDigest() throws Exception {
        ContentStore store = ContentStore.open(root);
        Digest other = Digest.of("other".getBytes(StandardCharsets.UTF_8));
        assertThrows(InvalidImageException.class, () -> store.write(new ByteArrayInputStream(HELLO), other));
        assertFalse(store.contains(other));
        assertFalse(store.contains(HELLO_DIGEST));
        try (var ingest = Files.list(root.resolve("ingest"))) {
            assertEquals(0, ingest.count());
        }
    }

    @Test
    void acceptsContentWithTheExpectedDigest() {
        ContentStore store = ContentStore.open(root);
        assertEquals(HELLO_DIGEST, store.write(new ByteArrayInputStream(HELLO), HELLO_DIGEST));
        assertTrue(store.contains(HELLO_DIGEST));
    }

    @Test
    void writerClosedWithoutCommitLeavesNothing() throws Exception {
        ContentStore store = ContentStore.open(root);
        try (BlobWriter writer = store.writer()) {
            writer.write(HELLO);
        }
        assertEquals(List.of(), store.list());
        try (var ingest = Files.list(root.resolve("ingest"))) {
            assertEquals(0, ingest.count());
        }
    }

    @Test
    void writingTheSameContentTwiceKeepsOneBlob() {
        ContentStore store = ContentStore.open(root);
        store.write(HELLO);
        store.write(HELLO);
        assertEquals(List.of(HELLO_DIGEST), store.list());
    }

    @Test
    void listsAndRemovesBlobs() {
        ContentStore store = ContentStore.open(root);
        store.write(HELLO);
        assertTrue(store.remove(HELLO_DIGEST));
        assertFalse(store.remove(HELLO_DIGEST));
        assertEquals(List.of(), store.list());
        assertThrows(BlobNotFoundException.class, () -> store.read(HELLO_DIGEST));
        assertThrows(BlobNotFoundException.class, () -> store.file(HELLO_DIGEST));
    }

    @Test
    void digestRejectsOtherForms() {
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha512:abc"));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + "A".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> Digest.parse("sha256:" + "a".repeat(63)));
    }
}
