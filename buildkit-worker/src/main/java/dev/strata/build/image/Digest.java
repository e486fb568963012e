package dev.strata.build.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A content digest in OCI form, {@code sha256:<64 lowercase hex>}; the only algorithm Strata writes or accepts. */
public final class Digest {
    private static final String PREFIX = "sha256:";
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private final String hex;

    private Digest(String hex) {
        this.hex = hex;
    }

    /** Parses {@code sha256:<hex>}; throws IllegalArgumentException for any other form. */
    @JsonCreator
    public static Digest parse(String digest) {
        if (digest == null || !digest.startsWith(PREFIX) || !HEX.matcher(digest.substring(PREFIX.length())).matches()) {
            throw new IllegalArgumentException("failed to parse digest: not sha256:<64 lowercase hex>: " + digest);
        }
        return new Digest(digest.substring(PREFIX.length()));
    }

    public static Digest ofHash(byte[] sha256) {
        if (sha256.length != 32) {
            throw new IllegalArgumentException("failed to make digest: a sha256 hash has 32 bytes, not " + sha256.length);
        }
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    public static Digest of(byte[] content) {
        return ofHash(newHasher().digest(content));
    }

    public static MessageDigest newHasher() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("failed to hash: SHA-256 unavailable", e);
        }
    }

    /** The 64 hex characters, as used in blob file names. */
    public String hex() {
        return hex;
    }

    @JsonValue
    @Override
    public String toString() {
        return PREFIX + hex;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Digest digest && digest.hex.equals(hex);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }
}
