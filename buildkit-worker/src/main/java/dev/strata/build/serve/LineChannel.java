package dev.strata.build.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The serve protocol's framing: one JSON object per line, each way, on a Unix socket connection. */
final class LineChannel implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SocketChannel channel;
  private final BufferedReader in;
  private final OutputStream out;

  LineChannel(SocketChannel channel) {
    this.channel = channel;
    this.in = new BufferedReader(new InputStreamReader(Channels.newInputStream(channel), StandardCharsets.UTF_8));
    this.out = Channels.newOutputStream(channel);
  }

  /** The next message, or empty at the end of the stream. */
  <T> Optional<T> read(Class<T> type) throws IOException {
    String line = in.readLine();
    return line == null ? Optional.empty() : Optional.of(JSON.readValue(line, type));
  }

  synchronized void write(Object message) throws IOException {
    byte[] line = JSON.writeValueAsBytes(message);
    out.write(line);
    out.write('\n');
    out.flush();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
