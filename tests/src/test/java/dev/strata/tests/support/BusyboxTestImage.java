package dev.strata.tests.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A two-layer image on Debian's static busybox: layer 1 holds /bin (busybox and applet symlinks),
 * /tmp and the files /etc/layer1.txt and /etc/deleted.txt; layer 2 adds /etc/layer2.txt and
 * deletes /etc/deleted.txt with a whiteout. Tests read the constants to know what to expect.
 */
public final class BusyboxTestImage {

    public static final Path BUSYBOX = Path.of("/bin/busybox");
    public static final String LAYER1_FILE = "/etc/layer1.txt";
    public static final String LAYER1_CONTENT = "from layer one";
    public static final String LAYER2_FILE = "/etc/layer2.txt";
    public static final String LAYER2_CONTENT = "from layer two";
    public static final String DELETED_FILE = "/etc/deleted.txt";
    public static final List<String> APPLETS = List.of("sh", "cat", "ls", "echo", "test", "true", "sleep", "rm", "mkdir", "touch");
    public static final int LAYER_COUNT = 2;

    private BusyboxTestImage() {
    }

    /** Writes the image, named {@code imageName} (with a tag), as an OCI archive to {@code file}. */
    public static Path writeArchive(String imageName, Path file) {
        return OciArchive.builder(imageName)
                .layer(busyboxLayer())
                .layer(changesLayer())
                .env("PATH=/bin")
                .cmd("/bin/sh")
                .build()
                .writeTo(file);
    }

    private static LayerTar busyboxLayer() {
        LayerTar.Builder layer = LayerTar.builder()
                .directory("/bin", 0755)
                .file("/bin/busybox", busybox(), 0755);
        APPLETS.forEach(applet -> layer.symlink("/bin/" + applet, "busybox"));
        return layer.directory("/etc", 0755)
                .file(LAYER1_FILE, text(LAYER1_CONTENT), 0644)
                .file(DELETED_FILE, text("deleted by layer two"), 0644)
                .directory("/tmp", 01777)
                .build();
    }

    private static LayerTar changesLayer() {
        return LayerTar.builder()
                .directory("/etc", 0755)
                .file(LAYER2_FILE, text(LAYER2_CONTENT), 0644)
                .whiteout(DELETED_FILE)
                .build();
    }

    private static byte[] busybox() {
        try {
            return Files.readAllBytes(BUSYBOX);
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read " + BUSYBOX + " (Debian package busybox-static): "
                    + e.getMessage(), e);
        }
    }

    private static byte[] text(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
