package dev.strata.build.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.build.exec.DefaultSpec;
import dev.strata.build.image.InvalidImageException;
import dev.strata.build.image.Platform;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The image config an export starts from: a frontend's (Env, Cmd, Entrypoint, User, WorkingDir,
 * ExposedPorts, Labels, history of its own steps...), or for raw LLB the minimal one BuildKit writes
 * for the host platform. {@link #complete} adds rootfs.diff_ids and the history of the layers the
 * frontend did not describe, as BuildKit's image writer does: top-level keys sorted, fields it does
 * not know kept as they are.
 */
public final class ImageConfig {
    /** The comment BuildKit gives the history entries it adds, which tools recognize. */
    static final String HISTORY_COMMENT = "buildkit.exporter.image.v0";
    private static final List<String> HISTORY_FIELDS = List.of("created", "created_by", "author", "comment", "empty_layer");
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ObjectNode base;

    private ImageConfig(ObjectNode base) {
        this.base = base;
    }

    /** BuildKit's config for a solve without a frontend config: platform, rootfs type, default PATH, WorkingDir "/". */
    public static ImageConfig minimal(Platform platform) {
        ObjectNode config = MAPPER.createObjectNode();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        if (platform.variant() != null) {
            config.put("variant", platform.variant());
        }
        ObjectNode runtime = config.putObject("config");
        runtime.putArray("Env").add("PATH=" + DefaultSpec.DEFAULT_PATH);
        runtime.put("WorkingDir", "/");
        config.putObject("rootfs").put("type", "layers");
        return new ImageConfig(config);
    }

    /** A frontend's config JSON; throws InvalidImageException unless it is a JSON object. */
    public static ImageConfig fromJson(byte[] json) {
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            throw new InvalidImageException("failed to read image config: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new InvalidImageException("failed to read image config: not a JSON object");
        }
        return new ImageConfig((ObjectNode) node);
    }

    /**
     * The config JSON for an image with {@code layers}, bottom first. History entries that describe
     * layers stay (those without a time get their layer's); each layer beyond them gains an entry
     * with its description and creation time.
     * With a SOURCE_DATE_EPOCH, no time in the config is later than it.
     */
    public byte[] complete(List<ExportedLayer> layers, Optional<Instant> sourceDateEpoch) {
        Objects.requireNonNull(layers, "layers");
        ObjectNode config = base.deepCopy();
        ObjectNode rootfs = MAPPER.createObjectNode();
        rootfs.put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        layers.forEach(layer -> diffIds.add(layer.blob().diffId().toString()));
        config.set("rootfs", rootfs);
        ArrayNode history = history(config, layers, sourceDateEpoch);
        config.set("history", history);
        Optional<Instant> created = Optional.ofNullable(config.get("created")).filter(JsonNode::isTextual)
                .map(node -> GoTime.parse(node.asText()));
        if (created.isPresent() && sourceDateEpoch.isPresent() && created.get().isAfter(sourceDateEpoch.get())) {
            config.put("created", GoTime.format(sourceDateEpoch.get()));
        } else if (!config.has("created")) {
            JsonNode last = null;
            for (JsonNode entry : history) {
                last = entry.has("created") ? entry.get("created") : last;
            }
            config.set("created", last == null ? MAPPER.nullNode() : last);
        }
        return write(sorted(config));
    }

    private static ArrayNode history(ObjectNode config, List<ExportedLayer> layers, Optional<Instant> epoch) {
        ArrayNode given = config.get("history") instanceof ArrayNode array ? array : MAPPER.createArrayNode();
        ArrayNode history = MAPPER.createArrayNode();
        int described = 0;
        for (JsonNode node : given) {
            ObjectNode entry = node.deepCopy();
            boolean empty = entry.path("empty_layer").asBoolean(false);
            if (!empty && described >= layers.size()) {
                entry.put("empty_layer", true);
                empty = true;
            }
            if (!empty && !entry.has("created")) {
                entry.put("created", GoTime.format(created(layers.get(described), epoch)));
            }
            described += empty ? 0 : 1;
            clamp(entry, epoch);
            history.add(inGoOrder(entry));
        }
        for (ExportedLayer layer : layers.subList(described, layers.size())) {
            ObjectNode entry = history.addObject();
            entry.put("created", GoTime.format(created(layer, epoch)));
            entry.put("created_by", layer.description());
            entry.put("comment", HISTORY_COMMENT);
        }
        return history;
    }

    private static Instant created(ExportedLayer layer, Optional<Instant> epoch) {
        return epoch.filter(e -> e.isBefore(layer.created())).orElse(layer.created());
    }

    /** The fields of Go's History struct first, in its order; others after them as they came. */
    private static ObjectNode inGoOrder(ObjectNode entry) {
        ObjectNode ordered = MAPPER.createObjectNode();
        for (String field : HISTORY_FIELDS) {
            if (entry.has(field)) {
                ordered.set(field, entry.get(field));
            }
        }
        entry.fields().forEachRemaining(field -> {
            if (!ordered.has(field.getKey())) {
                ordered.set(field.getKey(), field.getValue());
            }
        });
        return ordered;
    }

    private static void clamp(ObjectNode entry, Optional<Instant> epoch) {
        if (epoch.isPresent() && entry.path("created").isTextual()
                && GoTime.parse(entry.get("created").asText()).isAfter(epoch.get())) {
            entry.put("created", GoTime.format(epoch.get()));
        }
    }

    /** Go marshals the config as a map, so its top-level keys come out sorted. */
    private static ObjectNode sorted(ObjectNode config) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        names.sort(null);
        ObjectNode sorted = MAPPER.createObjectNode();
        names.forEach(name -> sorted.set(name, config.get(name)));
        return sorted;
    }

    private static byte[] write(ObjectNode config) {
        try {
            return MAPPER.writeValueAsBytes(config);
        } catch (IOException e) {
            throw new IllegalStateException("failed to write image config: " + e.getMessage(), e);
        }
    }
}
