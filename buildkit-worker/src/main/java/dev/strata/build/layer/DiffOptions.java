package dev.strata.build.layer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How to write a diff: the compression and its level (the compressor's default when empty), and an
 * optional SOURCE_DATE_EPOCH that clamps every modification time so that equal content gives an
 * equal digest whenever it was built.
 */
public record DiffOptions(Compression compression, OptionalInt compressionLevel, Optional<Instant> sourceDateEpoch) {
    public static final DiffOptions DEFAULT = new DiffOptions(Compression.GZIP, OptionalInt.empty(), Optional.empty());

    public DiffOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(compressionLevel, "compressionLevel");
        Objects.requireNonNull(sourceDateEpoch, "sourceDateEpoch");
    }

    public DiffOptions withCompression(Compression compression) {
        return new DiffOptions(compression, compressionLevel, sourceDateEpoch);
    }

    public DiffOptions withCompressionLevel(int level) {
        if (!compression.acceptsLevel(level)) {
            throw new IllegalArgumentException("failed to set compression level: " + compression + " has no level " + level);
        }
        return new DiffOptions(compression, OptionalInt.of(level), sourceDateEpoch);
    }

    public DiffOptions withSourceDateEpoch(Instant epoch) {
        return new DiffOptions(compression, compressionLevel, Optional.of(epoch));
    }

    /** Parses the SOURCE_DATE_EPOCH convention: whole seconds since 1970 as a decimal string. */
    public DiffOptions withSourceDateEpoch(String seconds) {
        try {
            return withSourceDateEpoch(Instant.ofEpochSecond(Long.parseLong(seconds.trim())));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to read SOURCE_DATE_EPOCH: not whole seconds: " + seconds, e);
        }
    }

    /** Whole seconds, clamped to the epoch when one is set. */
    long clampSeconds(Instant modified) {
        long seconds = modified.getEpochSecond();
        return sourceDateEpoch.map(epoch -> Math.min(seconds, epoch.getEpochSecond())).orElse(seconds);
    }
}
