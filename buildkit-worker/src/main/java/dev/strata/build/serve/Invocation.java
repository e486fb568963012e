package dev.strata.build.serve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A command line as the user ran it: its arguments, the directory its relative paths start from, the
 * environment variables that change what it does, and whether it runs on a terminal. The daemon runs
 * it as the client's own process would.
 */
public record Invocation(List<String> args, Path cwd, Map<String, String> env, boolean interactive) {
  /** The variables a command reads from its environment. */
  private static final List<String> FORWARDED_ENV = List.of("COLUMNS");

  public Invocation {
    args = List.copyOf(args);
    env = Map.copyOf(env);
  }

  /** This process's command line {@code args}. */
  public static Invocation ofThisProcess(String[] args) {
    Map<String, String> env = new TreeMap<>();
    for (String name : FORWARDED_ENV) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    return new Invocation(List.of(args), Path.of("").toAbsolutePath(), env, System.console() != null);
  }

  void send(Frames frames) throws IOException {
    for (String arg : args) {
      frames.write(Frames.ARG, bytes(arg));
    }
    frames.write(Frames.CWD, bytes(cwd.toString()));
    for (Map.Entry<String, String> variable : env.entrySet()) {
      frames.write(Frames.ENV, bytes(variable.getKey() + "=" + variable.getValue()));
    }
    frames.write(Frames.INTERACTIVE, new byte[] {(byte) (interactive ? 1 : 0)});
    frames.write(Frames.RUN, new byte[0]);
  }

  /** Reads the frames {@link #send} wrote. */
  static Invocation receive(Frames frames) throws IOException {
    List<String> args = new ArrayList<>();
    Path cwd = null;
    Map<String, String> env = new TreeMap<>();
    boolean interactive = false;
    for (Frames.Frame frame = frames.require(); frame.type() != Frames.RUN; frame = frames.require()) {
      String text = new String(frame.payload(), StandardCharsets.UTF_8);
      switch (frame.type()) {
        case Frames.ARG -> args.add(text);
        case Frames.CWD -> cwd = Path.of(text);
        case Frames.ENV -> env.put(text.substring(0, text.indexOf('=')), text.substring(text.indexOf('=') + 1));
        case Frames.INTERACTIVE -> interactive = frame.payload()[0] == 1;
        default -> throw new IOException("failed to read command line: unexpected frame type " + (char) frame.type());
      }
    }
    if (cwd == null || !cwd.isAbsolute()) {
      throw new IOException("failed to read command line: no absolute working directory");
    }
    return new Invocation(args, cwd, env, interactive);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
