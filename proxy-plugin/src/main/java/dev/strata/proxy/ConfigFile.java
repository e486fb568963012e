package dev.strata.proxy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The daemon's TOML config file. Every key is optional; unknown keys are errors, so a typo is not
 * silently ignored.
 *
 * <pre>
 * root = "/var/lib/strata"
 * address = "/run/strata/strata.sock"
 * socket_group = "containerd"
 * </pre>
 */
final class ConfigFile {
    private static final TomlMapper MAPPER = TomlMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    /** The file's keys, as TOML spells them. */
    record Settings(
            @JsonProperty("root") String root,
            @JsonProperty("address") String address,
            @JsonProperty("socket_group") String socketGroup) {
    }

    private ConfigFile() {
    }

    /** Reads {@code file} into {@code builder}, which flags may then override. */
    static void read(Path file, DaemonConfig.Builder builder) {
        Settings settings;
        try {
            String text = Files.readString(file);
            if (text.isBlank()) {
                return;
            }
            settings = MAPPER.readValue(text, Settings.class);
        } catch (NoSuchFileException e) {
            throw new ConfigException("failed to read config " + file + ": no such file", e);
        } catch (JacksonException e) {
            throw new ConfigException("failed to parse config " + file + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException("failed to read config " + file + ": " + e.getMessage(), e);
        }
        if (settings == null) {
            return;
        }
        builder.root(pathOrNull(settings.root()))
                .address(pathOrNull(settings.address()))
                .socketGroup(settings.socketGroup());
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : Path.of(value);
    }
}
