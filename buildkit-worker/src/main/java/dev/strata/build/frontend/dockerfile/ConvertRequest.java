package dev.strata.build.frontend.dockerfile;

import dev.strata.build.llb.client.OciPlatform;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What to convert: the Dockerfile text and the build's options. {@code platform} empty means the
 * build's own platform (linux/amd64) with the image's platform taken from its base.
 */
public final class ConvertRequest {
  private final String fileName;
  private final String dockerfile;
  private final String target;
  private final Map<String, String> buildArgs;
  private final Map<String, String> labels;
  private final List<String> excludes;
  private final String contextName;
  private final Optional<OciPlatform> platform;

  private ConvertRequest(Builder b) {
    this.fileName = b.fileName;
    this.dockerfile = Objects.requireNonNull(b.dockerfile, "dockerfile");
    this.target = b.target;
    this.buildArgs = Map.copyOf(b.buildArgs);
    this.labels = Map.copyOf(b.labels);
    this.excludes = List.copyOf(b.excludes);
    this.contextName = b.contextName;
    this.platform = Optional.ofNullable(b.platform);
  }

  public static Builder builder(String dockerfile) {
    return new Builder(dockerfile);
  }

  public String fileName() {
    return fileName;
  }

  public String dockerfile() {
    return dockerfile;
  }

  /** The stage to build; empty for the last one. */
  public String target() {
    return target;
  }

  public Map<String, String> buildArgs() {
    return buildArgs;
  }

  public Map<String, String> labels() {
    return labels;
  }

  /** .dockerignore patterns, sent with the context as its exclude patterns. */
  public List<String> excludes() {
    return excludes;
  }

  public String contextName() {
    return contextName;
  }

  public Optional<OciPlatform> platform() {
    return platform;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConvertRequest that
        && fileName.equals(that.fileName)
        && dockerfile.equals(that.dockerfile)
        && target.equals(that.target)
        && buildArgs.equals(that.buildArgs)
        && labels.equals(that.labels)
        && excludes.equals(that.excludes)
        && contextName.equals(that.contextName)
        && platform.equals(that.platform);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fileName, dockerfile, target, buildArgs, labels, excludes, contextName, platform);
  }

  public static final class Builder {
    private final String dockerfile;
    private String fileName = "Dockerfile";
    private String target = "";
    private final Map<String, String> buildArgs = new TreeMap<>();
    private final Map<String, String> labels = new TreeMap<>();
    private List<String> excludes = List.of();
    private String contextName = "context";
    private OciPlatform platform;

    private Builder(String dockerfile) {
      this.dockerfile = dockerfile;
    }

    /** The name errors give for the Dockerfile. */
    public Builder fileName(String name) {
      this.fileName = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder target(String stage) {
      this.target = Objects.requireNonNull(stage, "stage");
      return this;
    }

    public Builder buildArg(String key, String value) {
      buildArgs.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Builder excludes(List<String> patterns) {
      this.excludes = List.copyOf(patterns);
      return this;
    }

    /** The local name the context is sent under; "context" unless set. */
    public Builder contextName(String name) {
      this.contextName = Objects.requireNonNull(name, "name");
      return this;
    }

    public Builder platform(OciPlatform target) {
      this.platform = Objects.requireNonNull(target, "target");
      return this;
    }

    public ConvertRequest build() {
      return new ConvertRequest(this);
    }
  }
}
