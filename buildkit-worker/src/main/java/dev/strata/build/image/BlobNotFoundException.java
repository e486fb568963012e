package dev.strata.build.image;

/** The content store has no blob with this digest. */
public class BlobNotFoundException extends RuntimeException {
    private final transient Digest digest;

    public BlobNotFoundException(Digest digest) {
        super("failed to find blob " + digest + ": not in the content store");
        this.digest = digest;
    }

    public Digest digest() {
        return digest;
    }
}
