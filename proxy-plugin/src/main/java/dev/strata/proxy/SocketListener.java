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

/**
 * Readies the path of the daemon's Unix socket. The server binds a temporary path beside it; only once
 * that socket has its mode and group is it renamed into place, so no client ever sees it with other
 * permissions, and a socket at the address means the daemon is ready.
 */
final class SocketListener {
    private SocketListener() {
    }

    /** Where the server binds before {@link #publish} renames the socket to {@code socket}. */
    static Path bindingPath(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".tmp");
    }

    /**
     * Makes sure the server can bind {@code socket}: creates its directory, removes a stale socket
     * file left by a daemon that died, and refuses a socket that another process still serves.
     */
    static void prepare(Path socket) throws IOException {
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(bindingPath(socket));
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

    /** Gives the bound socket mode 0660 and, if asked, the group that may connect, then moves it to {@code socket}. */
    static void publish(Path socket, Optional<String> group) throws IOException {
        Path bound = bindingPath(socket);
        if (group.isPresent()) {
            GroupPrincipal principal = bound.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(group.get());
            Files.setAttribute(bound, "posix:group", principal, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
        Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE);
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
