package dev.strata.tests.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeListingTest {

    @TempDir
    Path root;

    @Test
    void listsTypesModesSizesHashesAndTargetsInTruthOrder() throws IOException {
        Files.writeString(root.resolve("a"), "a\n");
        Files.createDirectories(root.resolve("app/sub"));
        Files.writeString(root.resolve("app/sub/x"), "x\n");
        Files.writeString(root.resolve("app/z"), "");
        Files.createDirectory(root.resolve("tmp"));
        setMode(root.resolve("tmp"), 01777);
        Files.createSymbolicLink(root.resolve("app/link"), Path.of("../a"));
        setMode(root.resolve("a"), 0644);
        setMode(root.resolve("app"), 0755);
        setMode(root.resolve("app/sub"), 0750);
        setMode(root.resolve("app/sub/x"), 0600);
        setMode(root.resolve("app/z"), 04755);
        String owner = owner(root.resolve("a"));

        assertEquals(List.of(
                "a f 0644 " + owner + " 2 87428fc522803d31",
                "app d 0755 " + owner,
                "tmp d 1777 " + owner,
                "app/link l 0777 " + owner + " ../a",
                "app/sub d 0750 " + owner,
                "app/z f 4755 " + owner + " 0 e3b0c44298fc1c14",
                "app/sub/x f 0600 " + owner + " 2 73cb3858a687a849"),
                FileTreeListing.of(root));
    }

    @Test
    void leavesOutTopLevelProcSysAndDevOnly() throws IOException {
        for (String name : List.of("proc/1", "sys/kernel", "dev/pts", "usr/dev", "usr/proc")) {
            Files.createDirectories(root.resolve(name));
        }

        List<String> paths = FileTreeListing.of(root).stream().map(line -> line.substring(0, line.indexOf(' '))).toList();

        assertEquals(List.of("usr", "usr/dev", "usr/proc"), paths);
    }

    @Test
    void otherFileTypesAreListedAsOtherWithoutSize() throws IOException, InterruptedException {
        Path fifo = root.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", "-m", "0640", fifo.toString()).start().waitFor());

        assertEquals(List.of("fifo o 0640 " + owner(fifo)), FileTreeListing.of(root));
    }

    @Test
    void readDropsBlankLines() throws IOException {
        Path listing = Files.writeString(root.resolve("truth.txt"), "a f 0644 0:0 2 87428fc522803d31\n\nb d 0755 0:0\n");

        assertEquals(List.of("a f 0644 0:0 2 87428fc522803d31", "b d 0755 0:0"), FileTreeListing.read(listing));
    }

    private static void setMode(Path path, int mode) throws IOException {
        Files.setAttribute(path, "unix:mode", mode);
    }

    private static String owner(Path path) throws IOException {
        return Files.getAttribute(path, "unix:uid") + ":" + Files.getAttribute(path, "unix:gid");
    }
}
