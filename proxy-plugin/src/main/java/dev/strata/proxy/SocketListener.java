package dev.strata.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Readies the path of the daemon's Unix socket before the server binds it, and secures it after. */
final class SocketListener {
    private SocketListener() {
    }

    /**
     * Makes sure the server can bind {@code socket}: creates its directory, removes a stale socket
     * file left by a daemon that died, and refuses a socket that another process still serves.
     */
    static void prepare(Path socket) throws IOException {
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(stagingPath(socket));
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocket(socket)) {
            throw new IOException("failed to listen on " + socket + ": the path exists and is not a socket");
        }
        if (isServed(socket)) {
            throw new IOException("failed to listen on " + socket + ": socket in use by another process");
        }
        Files.delete(socket);
    }

    /**
     * Where the server binds before the socket is secured: beside {@code socket}, so that a rename can move it
     * into place. Nobody can connect at {@code socket} while its mode and group are still the defaults.
     */
    static Path stagingPath(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".new");
    }

    /**
     * Gives the socket bound at {@link #stagingPath} mode 0660 and, if asked, the group that may connect, then
     * renames it to {@code socket}, where clients find it.
     */
    static void publish(Path socket, Optional<String> group) throws IOException {
        Path staged = stagingPath(socket);
        if (group.isPresent()) {
            GroupPrincipal principal = socket.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(group.get());
            Files.setAttribute(staged, "posix:group", principal, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-rw----"));
        Files.move(staged, socket, StandardCopyOption.ATOMIC_MOVE);
    }

    private static boolean isSocket(Path path) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        return (((Integer) mode) & 0170000) == 0140000;
    }

    private static boolean isServed(Path socket) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
