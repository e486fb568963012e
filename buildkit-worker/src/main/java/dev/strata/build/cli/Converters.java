package dev.strata.build.cli;

import dev.strata.build.ops.Session;
import dev.strata.build.progress.ProgressMode;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the solve options: a bad value is a usage error with the parser's message. */
final class Converters {
  private Converters() {}

  private static <T> T convert(Function<String, T> parser, String value) {
    try {
      return parser.apply(value);
    } catch (IllegalArgumentException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }

  static final class Directory implements ITypeConverter<NamedDirectory> {
    @Override
    public NamedDirectory convert(String value) {
      return Converters.convert(NamedDirectory::parse, value);
    }
  }

  static final class Secret implements ITypeConverter<SecretFile> {
    @Override
    public SecretFile convert(String value) {
      return Converters.convert(SecretFile::parse, value);
    }
  }

  static final class Entitlement implements ITypeConverter<Session.Entitlement> {
    @Override
    public Session.Entitlement convert(String value) {
      return Converters.convert(Entitlements::parse, value);
    }
  }

  static final class Registry implements ITypeConverter<String> {
    @Override
    public String convert(String value) {
      return Converters.convert(RegistryHost::parse, value);
    }
  }

  static final class Progress implements ITypeConverter<ProgressMode> {
    @Override
    public ProgressMode convert(String value) {
      return Converters.convert(ProgressMode::parse, value);
    }
  }

  static final class Parallelism implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return Converters.convert(Converters::parallelism, value);
    }
  }

  private static Integer parallelism(String value) {
    int parallelism = Integer.parseInt(value);
    if (parallelism < 1) {
      throw new IllegalArgumentException("failed to parse max parallelism " + value + ": must be at least 1");
    }
    return parallelism;
  }
}
