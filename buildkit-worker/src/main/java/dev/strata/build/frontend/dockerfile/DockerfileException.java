package dev.strata.build.frontend.dockerfile;

/**
 * A Dockerfile that cannot be parsed or converted, found before anything runs. The message reads
 * "failed to &lt;verb&gt; &lt;file&gt;:&lt;line&gt;:&lt;column&gt;: &lt;cause&gt;" when the fault has a place.
 */
public final class DockerfileException extends RuntimeException {
  private final String file;
  private final int line;
  private final int column;

  private DockerfileException(String message, String file, int line, int column, Throwable cause) {
    super(message, cause);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** A fault at {@code line} (1-based) and {@code column} (1-based) of {@code file}. */
  public static DockerfileException at(String verb, String file, int line, int column, String cause) {
    return new DockerfileException("failed to " + verb + " " + file + ":" + line + ":" + column + ": " + cause,
        file, line, column, null);
  }

  /** A fault of the whole build (a missing target, an empty file), with no line to point at. */
  public static DockerfileException of(String verb, String file, String cause) {
    return new DockerfileException("failed to " + verb + " " + file + ": " + cause, file, 0, 0, null);
  }

  public String file() {
    return file;
  }

  /** 1-based; 0 when the fault concerns no single line. */
  public int line() {
    return line;
  }

  /** 1-based; 0 when the fault concerns no single line. */
  public int column() {
    return column;
  }
}
