package dev.strata.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One gRPC health check over the daemon's own socket, written as raw HTTP/2 frames. A fresh JVM loads
 * and links the server's whole HTTP/2 and gRPC path on its first call; making that call before the
 * socket is published keeps containerd's first dial fast (containerd gives a proxy plugin's handshake
 * a few seconds, which a cold, busy node can miss). gRPC's own client would load its channel,
 * name resolution and load balancing too, a third of the classes of a start, for a daemon that
 * never dials anything: a dozen frames by hand cost none of that.
 */
final class WarmUpCall {
    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0x0;
    private static final int HEADERS = 0x1;
    private static final int RST_STREAM = 0x3;
    private static final int SETTINGS = 0x4;
    private static final int GOAWAY = 0x7;
    private static final int END_STREAM = 0x1;
    private static final int ACK = 0x1;
    private static final int END_HEADERS = 0x4;
    private static final int STREAM = 1;
    private static final int FRAME_HEADER = 9;

    private WarmUpCall() {
    }

    /** Makes the call and waits for its trailers; fails if the server resets it or takes longer than {@code timeout}. */
    static void run(Path socket, Duration timeout) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX); Selector selector = Selector.open()) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            writeFully(channel, request());
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            awaitTrailers(channel, selector, System.nanoTime() + timeout.toNanos());
        } catch (IOException e) {
            throw new IOException("warm-up call over " + socket + " failed: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer request() {
        ByteArrayOutputStream headers = new ByteArrayOutputStream();
        literal(headers, ":method", "POST");
        literal(headers, ":scheme", "http");
        literal(headers, ":path", "/grpc.health.v1.Health/Check");
        literal(headers, ":authority", "localhost");
        literal(headers, "content-type", "application/grpc");
        literal(headers, "te", "trailers");
        // an empty HealthCheckRequest: not compressed, length 0
        byte[] message = new byte[5];
        ByteBuffer request = ByteBuffer.allocate(PREFACE.length + 3 * FRAME_HEADER + headers.size() + message.length);
        request.put(PREFACE);
        frame(request, SETTINGS, 0, 0, new byte[0]);
        frame(request, HEADERS, END_HEADERS, STREAM, headers.toByteArray());
        frame(request, DATA, END_STREAM, STREAM, message);
        return request.flip();
    }

    /** HPACK's literal header field without indexing, new name, no Huffman coding (RFC 7541, 6.2.2). */
    private static void literal(ByteArrayOutputStream block, String name, String value) {
        block.write(0);
        string(block, name);
        string(block, value);
    }

    private static void string(ByteArrayOutputStream block, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        block.write(bytes.length); // every string here is shorter than 127 bytes: the length fits the prefix
        block.writeBytes(bytes);
    }

    private static void frame(ByteBuffer out, int type, int flags, int stream, byte[] payload) {
        out.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
        out.put((byte) type).put((byte) flags).putInt(stream).put(payload);
    }

    private static void awaitTrailers(SocketChannel channel, Selector selector, long deadline) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(1 << 16);
        while (true) {
            in.flip();
            while (in.remaining() >= FRAME_HEADER && in.remaining() >= FRAME_HEADER + payloadLength(in)) {
                int length = payloadLength(in);
                int type = in.get(in.position() + 3);
                int flags = in.get(in.position() + 4);
                int stream = in.getInt(in.position() + 5) & 0x7fffffff;
                in.position(in.position() + FRAME_HEADER + length);
                if (type == SETTINGS && (flags & ACK) == 0) {
                    // nine bytes into an empty socket buffer: the non-blocking write takes them at once
                    writeFully(channel, settingsAck());
                } else if (type == HEADERS && stream == STREAM && (flags & END_STREAM) != 0) {
                    return;
                } else if (type == RST_STREAM || type == GOAWAY) {
                    throw new IOException("the server refused it (HTTP/2 frame type " + type + ")");
                }
            }
            in.compact();
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IOException("no answer in time");
            }
            selector.select(Math.max(1, left / 1_000_000));
            selector.selectedKeys().clear();
            if (channel.read(in) < 0) {
                throw new IOException("the server closed the connection");
            }
        }
    }

    private static int payloadLength(ByteBuffer in) {
        int at = in.position();
        return (in.get(at) & 0xff) << 16 | (in.get(at + 1) & 0xff) << 8 | (in.get(at + 2) & 0xff);
    }

    private static ByteBuffer settingsAck() {
        ByteBuffer ack = ByteBuffer.allocate(FRAME_HEADER);
        frame(ack, SETTINGS, ACK, 0, new byte[0]);
        return ack.flip();
    }

    private static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }
}
