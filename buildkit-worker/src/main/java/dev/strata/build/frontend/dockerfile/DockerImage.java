package dev.strata.build.frontend.dockerfile;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The image config BuildKit's Dockerfile frontend writes (its {@code Image}: the OCI image with a
 * Docker config), with Go's field order, omissions and escaping. Mutable: the conversion of one
 * stage edits its copy.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"created", "author", "architecture", "variant", "os", "rootfs", "history", "config"})
final class DockerImage {
  private static final ObjectMapper JSON = new ObjectMapper();

  static {
    JSON.getFactory().setCharacterEscapes(new GoEscapes());
  }

  @JsonProperty("created") String created;
  @JsonProperty("author") String author;
  @JsonProperty("architecture") String architecture;
  @JsonProperty("variant") String variant;
  @JsonProperty("os") String os;
  @JsonProperty("rootfs") RootFs rootfs = new RootFs();
  @JsonProperty("history") List<History> history = new ArrayList<>();
  @JsonProperty("config") @JsonInclude(JsonInclude.Include.ALWAYS) Config config = new Config();

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"type", "diff_ids"})
  static final class RootFs {
    @JsonProperty("type") @JsonInclude(JsonInclude.Include.ALWAYS) String type = "";
    @JsonProperty("diff_ids") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> diffIds;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"created", "created_by", "author", "comment", "empty_layer"})
  static final class History {
    @JsonProperty("created") String created;
    @JsonProperty("created_by") String createdBy;
    @JsonProperty("author") String author;
    @JsonProperty("comment") String comment;
    @JsonProperty("empty_layer") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean emptyLayer;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"User", "ExposedPorts", "Env", "Entrypoint", "Cmd", "Volumes", "WorkingDir", "Labels",
      "StopSignal", "Healthcheck", "ArgsEscaped", "OnBuild", "Shell"})
  static final class Config {
    @JsonProperty("User") String user;
    @JsonProperty("ExposedPorts") TreeMap<String, Map<String, Object>> exposedPorts;
    @JsonProperty("Env") List<String> env;
    @JsonProperty("Entrypoint") List<String> entrypoint;
    @JsonProperty("Cmd") List<String> cmd;
    @JsonProperty("Volumes") TreeMap<String, Map<String, Object>> volumes;
    @JsonProperty("WorkingDir") String workingDir;
    @JsonProperty("Labels") TreeMap<String, String> labels;
    @JsonProperty("StopSignal") String stopSignal;
    @JsonProperty("Healthcheck") Healthcheck healthcheck;
    @JsonProperty("ArgsEscaped") @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean argsEscaped;
    @JsonProperty("OnBuild") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> onBuild;
    @JsonProperty("Shell") List<String> shell;
  }

  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  @JsonIgnoreProperties(ignoreUnknown = true)
  @JsonPropertyOrder({"Test", "Interval", "Timeout", "StartPeriod", "Retries"})
  static final class Healthcheck {
    @JsonProperty("Test") List<String> test;
    @JsonProperty("Interval") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long interval;
    @JsonProperty("Timeout") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long timeout;
    @JsonProperty("StartPeriod") @JsonInclude(JsonInclude.Include.NON_DEFAULT) long startPeriod;
    @JsonProperty("Retries") @JsonInclude(JsonInclude.Include.NON_DEFAULT) int retries;
  }

  /** The config of an image with no layers: what {@code FROM scratch} starts from. */
  static DockerImage empty(String os, String architecture, String variant) {
    DockerImage image = new DockerImage();
    image.os = os;
    image.architecture = architecture;
    image.variant = variant.isEmpty() ? null : variant;
    image.rootfs.type = "layers";
    image.config.workingDir = "/";
    image.config.env = new ArrayList<>(List.of("PATH=" + DockerfileFrontend.DEFAULT_PATH));
    return image;
  }

  static DockerImage parse(byte[] json) throws IOException {
    DockerImage image = JSON.readValue(json, DockerImage.class);
    image.created = null;
    return image;
  }

  /** A deep copy, so that two stages on one base never share lists. */
  DockerImage copy() {
    try {
      return JSON.readValue(JSON.writeValueAsBytes(this), DockerImage.class);
    } catch (IOException e) {
      throw new IllegalStateException("failed to copy image config: " + e.getMessage(), e);
    }
  }

  byte[] toJson() {
    try {
      return JSON.writeValueAsBytes(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("failed to write image config: " + e.getMessage(), e);
    }
  }

  void addHistory(String createdBy, boolean emptyLayer) {
    History entry = new History();
    entry.createdBy = createdBy;
    entry.comment = DockerfileFrontend.HISTORY_COMMENT;
    entry.emptyLayer = emptyLayer;
    history.add(entry);
  }

  /** Go's encoding/json escapes &lt;, &gt;, &amp;, U+2028 and U+2029 in strings. */
  private static final class GoEscapes extends CharacterEscapes {
    private final int[] escapes;

    GoEscapes() {
      escapes = standardAsciiEscapesForJSON();
      escapes['<'] = ESCAPE_CUSTOM;
      escapes['>'] = ESCAPE_CUSTOM;
      escapes['&'] = ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
      return escapes;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
      if (ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
        return new com.fasterxml.jackson.core.io.SerializedString(String.format("\\u%04x", ch));
      }
      return null;
    }
  }
}
