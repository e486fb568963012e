package dev.strata.build.image;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A normalized image reference, {@code host[:port]/path[:tag][@digest]}, as Docker reads short
 * names: no host means docker.io, and a single-component path on docker.io gains "library/".
 * Without tag and digest the tag is "latest".
 */
public final class ImageReference {
    private static final String DEFAULT_HOST = "docker.io";
    private static final Pattern PATH = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    private final String host;
    private final String path;
    private final String tag;
    private final Digest digest;

    private ImageReference(String host, String path, String tag, Digest digest) {
        this.host = host;
        this.path = path;
        this.tag = tag;
        this.digest = digest;
    }

    public static ImageReference parse(String reference) {
        Objects.requireNonNull(reference, "reference");
        String rest = reference;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw new IllegalArgumentException("failed to parse image reference " + reference + ": bad tag " + tag);
            }
        }
        String host = DEFAULT_HOST;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
                host = first;
                rest = rest.substring(slash + 1);
            }
        }
        if (host.equals(DEFAULT_HOST) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        if (!PATH.matcher(rest).matches()) {
            throw new IllegalArgumentException("failed to parse image reference " + reference + ": bad repository path " + rest);
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(host, rest, tag, digest);
    }

    /** Registry host, with port if any. */
    public String host() {
        return host;
    }

    /** Repository path inside the registry, e.g. {@code library/busybox}. */
    public String path() {
        return path;
    }

    public Optional<String> tag() {
        return Optional.ofNullable(tag);
    }

    public Optional<Digest> digest() {
        return Optional.ofNullable(digest);
    }

    /** What to ask the registry's manifest endpoint for: the digest if pinned, else the tag. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    @Override
    public String toString() {
        return host + "/" + path + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ImageReference ref && ref.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
