package dev.strata.proxy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
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

    /** Gives the bound socket mode 0660 and, if asked, the group that may connect. */
    static void secure(Path socket, Optional<String> group) throws IOException {
        if (group.isPresent()) {
            GroupPrincipal principal = socket.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByGroupName(group.get());
            Files.setAttribute(socket, "posix:group", principal, LinkOption.NOFOLLOW_LINKS);
        }
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
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
