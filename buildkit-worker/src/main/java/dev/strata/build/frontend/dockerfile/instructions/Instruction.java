package dev.strata.build.frontend.dockerfile.instructions;

import dev.strata.build.frontend.dockerfile.parser.Heredoc;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One instruction of a stage, with its arguments as written: variables are expanded when the
 * instruction is converted, against the stage's environment at that point.
 */
public sealed interface Instruction {
  /** Where the instruction is and its text (continuations joined, trimmed). */
  Source source();

  /** The instruction's text and the lines it spans (1-based). */
  record Source(String code, int startLine, int endLine) {
    public Source {
      Objects.requireNonNull(code, "code");
    }
  }

  /** A key and a value; ARG values may be absent (null). */
  record KeyValue(String key, String value) {
    public KeyValue {
      Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
      return value == null ? key : key + "=" + value;
    }
  }

  /** A command line in shell form (one string, run through SHELL) or JSON form. */
  record CommandLine(List<String> args, boolean prependShell) {
    public CommandLine {
      args = List.copyOf(args);
    }
  }

  record Run(Source source, CommandLine command, List<Heredoc> files, List<String> mounts, String network)
      implements Instruction {
    public Run {
      files = List.copyOf(files);
      mounts = List.copyOf(mounts);
    }
  }

  /** COPY or ADD: sources (paths, or inline documents), a destination and the flags. */
  record Copy(Source source, boolean add, List<String> sourcePaths, List<Heredoc> sourceContents, String dest,
              String from, String chown, String chmod, boolean link, List<String> excludes, String checksum)
      implements Instruction {
    public Copy {
      sourcePaths = List.copyOf(sourcePaths);
      sourceContents = List.copyOf(sourceContents);
      excludes = List.copyOf(excludes);
    }
  }

  record Workdir(Source source, String path) implements Instruction {}

  record Env(Source source, List<KeyValue> pairs) implements Instruction {
    public Env {
      pairs = List.copyOf(pairs);
    }
  }

  record Arg(Source source, List<KeyValue> args) implements Instruction {
    public Arg {
      args = List.copyOf(args);
    }
  }

  record Label(Source source, List<KeyValue> pairs) implements Instruction {
    public Label {
      pairs = List.copyOf(pairs);
    }
  }

  record User(Source source, String user) implements Instruction {}

  record Expose(Source source, List<String> ports) implements Instruction {
    public Expose {
      ports = List.copyOf(ports);
    }
  }

  record Volume(Source source, List<String> paths) implements Instruction {
    public Volume {
      paths = List.copyOf(paths);
    }
  }

  record Entrypoint(Source source, CommandLine command) implements Instruction {}

  record Cmd(Source source, CommandLine command) implements Instruction {}

  /** HEALTHCHECK; {@code test} is {@code ["NONE"]}, {@code ["CMD", args...]} or {@code ["CMD-SHELL", cmd]}. */
  record Healthcheck(Source source, List<String> test, Duration interval, Duration timeout, Duration startPeriod,
                     int retries) implements Instruction {
    public Healthcheck {
      test = List.copyOf(test);
    }
  }

  record StopSignal(Source source, String signal) implements Instruction {}

  record Shell(Source source, List<String> shell) implements Instruction {
    public Shell {
      shell = List.copyOf(shell);
    }
  }

  /** ONBUILD: the trigger instruction's text, stored in the image for builds based on it. */
  record Onbuild(Source source, String expression) implements Instruction {}

  record Maintainer(Source source, String name) implements Instruction {}
}
