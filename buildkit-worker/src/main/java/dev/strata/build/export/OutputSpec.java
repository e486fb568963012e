package dev.strata.build.export;

import dev.strata.build.image.ImageReference;
import dev.strata.build.layer.Compression;
import dev.strata.build.layer.DiffOptions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * One {@code --output} of a build, parsed from buildctl's syntax:
 * {@code type=oci|docker,dest=FILE|-}, {@code type=local,dest=DIR}, {@code type=image[,push=true]},
 * with {@code name=REF} (several in one quoted field, comma-separated), {@code compression=uncompressed|gzip|zstd},
 * {@code compression-level=N}, {@code oci-mediatypes=BOOL}, {@code source-date-epoch=SECONDS} for image types
 * and {@code registry.insecure=BOOL} for pushes. Media types default as in BuildKit: OCI for {@code oci},
 * Docker's for {@code docker} and {@code image}; zstd always uses OCI's, which alone define it.
 */
public final class OutputSpec {
    private static final Set<String> IMAGE_KEYS = Set.of("type", "name", "compression", "compression-level",
            "oci-mediatypes", "source-date-epoch");
    private static final String STDOUT = "-";

    private final ExportType type;
    private final Optional<String> destination;
    private final List<ImageReference> names;
    private final boolean push;
    private final boolean insecureRegistry;
    private final boolean ociMediaTypes;
    private final DiffOptions diffOptions;

    private OutputSpec(ExportType type, Optional<String> destination, List<ImageReference> names, boolean push,
                       boolean insecureRegistry, boolean ociMediaTypes, DiffOptions diffOptions) {
        this.type = type;
        this.destination = destination;
        this.names = List.copyOf(names);
        this.push = push;
        this.insecureRegistry = insecureRegistry;
        this.ociMediaTypes = ociMediaTypes;
        this.diffOptions = diffOptions;
    }

    /** Parses one {@code --output} value; throws InvalidOutputException naming the type, key or value at fault. */
    public static OutputSpec parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        Map<String, String> fields = OutputFields.parse(spec);
        ExportType type = type(spec, fields.get("type"));
        checkKeys(spec, type, fields.keySet());
        Optional<String> destination = Optional.ofNullable(fields.get("dest"));
        if ((type == ExportType.OCI || type == ExportType.DOCKER || type == ExportType.LOCAL) && destination.isEmpty()) {
            throw new InvalidOutputException("failed to parse output " + spec + ": type=" + type.typeName() + " needs dest");
        }
        if (type == ExportType.LOCAL && destination.get().equals(STDOUT)) {
            throw new InvalidOutputException("failed to parse output " + spec + ": type=local writes a directory, not stdout");
        }
        List<ImageReference> names = names(spec, fields.getOrDefault("name", ""));
        boolean push = bool(spec, fields, "push", false);
        if (push && names.isEmpty()) {
            throw new InvalidOutputException("failed to parse output " + spec + ": push=true needs a name");
        }
        Compression compression = compression(spec, fields.getOrDefault("compression", "gzip"));
        DiffOptions diffOptions = DiffOptions.DEFAULT.withCompression(compression);
        if (fields.containsKey("compression-level")) {
            diffOptions = diffOptions.withCompressionLevel(level(spec, compression, fields.get("compression-level")));
        }
        if (fields.containsKey("source-date-epoch")) {
            try {
                diffOptions = diffOptions.withSourceDateEpoch(fields.get("source-date-epoch"));
            } catch (IllegalArgumentException e) {
                throw new InvalidOutputException("failed to parse output " + spec + ": " + e.getMessage());
            }
        }
        boolean ociMediaTypes = bool(spec, fields, "oci-mediatypes", type == ExportType.OCI) || compression == Compression.ZSTD;
        return new OutputSpec(type, destination, names, push, bool(spec, fields, "registry.insecure", false),
                ociMediaTypes, diffOptions);
    }

    /**
     * {@code spec} with a relative {@code dest} resolved against {@code directory}, for a command run on
     * behalf of a client in another working directory; throws InvalidOutputException as {@link #parse}.
     */
    public static String resolveDestination(String spec, Path directory) {
        Map<String, String> fields = OutputFields.parse(spec);
        String destination = fields.get("dest");
        if (destination == null || destination.equals(STDOUT) || Path.of(destination).isAbsolute()) {
            return spec;
        }
        fields.put("dest", directory.resolve(destination).toString());
        List<String> record = new ArrayList<>();
        fields.forEach((key, value) -> record.add(csvField(key + "=" + value)));
        return String.join(",", record);
    }

    private static String csvField(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    public ExportType type() {
        return type;
    }

    /** The file or directory to write, absent for {@code type=image}. */
    public Optional<String> destination() {
        return destination;
    }

    /** Whether the archive goes to standard output ({@code dest=-}). */
    public boolean writesToStdout() {
        return destination.filter(STDOUT::equals).isPresent();
    }

    /** The image names, normalized; may be empty. */
    public List<ImageReference> names() {
        return names;
    }

    public boolean push() {
        return push;
    }

    /** Whether the push may use plain HTTP to the names' registries. */
    public boolean insecureRegistry() {
        return insecureRegistry;
    }

    /** OCI media types for manifest, config and layers; otherwise Docker's. */
    public boolean ociMediaTypes() {
        return ociMediaTypes;
    }

    /** Compression, its level and SOURCE_DATE_EPOCH for the layers this output writes. */
    public DiffOptions diffOptions() {
        return diffOptions;
    }

    public Optional<Instant> sourceDateEpoch() {
        return diffOptions.sourceDateEpoch();
    }

    private static ExportType type(String spec, String value) {
        if (value == null) {
            throw new InvalidOutputException("failed to parse output " + spec + ": no type");
        }
        for (ExportType type : ExportType.values()) {
            if (type.typeName().equals(value)) {
                return type;
            }
        }
        throw new InvalidOutputException("failed to parse output " + spec + ": unknown type " + value
                + " (oci, docker, local or image)");
    }

    private static void checkKeys(String spec, ExportType type, Set<String> keys) {
        Set<String> allowed = switch (type) {
            case LOCAL -> Set.of("type", "dest");
            case OCI, DOCKER -> union(IMAGE_KEYS, Set.of("dest"));
            case IMAGE -> union(IMAGE_KEYS, Set.of("push", "registry.insecure"));
        };
        Set<String> unknown = new TreeSet<>(keys);
        unknown.removeAll(allowed);
        if (!unknown.isEmpty()) {
            throw new InvalidOutputException("failed to parse output " + spec + ": unknown key "
                    + String.join(", ", unknown) + " for type=" + type.typeName());
        }
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static List<ImageReference> names(String spec, String value) {
        List<ImageReference> names = new ArrayList<>();
        for (String name : value.split(",")) {
            if (!name.isBlank()) {
                try {
                    names.add(ImageReference.parse(name.trim()));
                } catch (IllegalArgumentException e) {
                    throw new InvalidOutputException("failed to parse output " + spec + ": bad name " + name.trim()
                            + ": " + e.getMessage());
                }
            }
        }
        return names;
    }

    /** Go's strconv.ParseBool, which buildctl's exporters use. */
    private static boolean bool(String spec, Map<String, String> fields, String key, boolean absent) {
        String value = fields.get(key);
        if (value == null) {
            return absent;
        }
        return switch (value) {
            case "1", "t", "T", "true", "TRUE", "True" -> true;
            case "0", "f", "F", "false", "FALSE", "False" -> false;
            default -> throw new InvalidOutputException("failed to parse output " + spec + ": " + key
                    + " is not a boolean: " + value);
        };
    }

    private static Compression compression(String spec, String value) {
        return switch (value) {
            case "uncompressed" -> Compression.NONE;
            case "gzip" -> Compression.GZIP;
            case "zstd" -> Compression.ZSTD;
            default -> throw new InvalidOutputException("failed to parse output " + spec + ": unsupported compression "
                    + value + " (uncompressed, gzip or zstd)");
        };
    }

    private static int level(String spec, Compression compression, String value) {
        int level;
        try {
            level = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidOutputException("failed to parse output " + spec + ": compression-level is not a number: " + value);
        }
        if (!compression.acceptsLevel(level)) {
            throw new InvalidOutputException("failed to parse output " + spec + ": compression-level " + level
                    + " out of range for " + compression.name().toLowerCase(Locale.ROOT));
        }
        return level;
    }
}
