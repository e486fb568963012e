package dev.strata.build.image;

/** Image content that does not parse, does not match its digest, or has no usable manifest. */
public class InvalidImageException extends RuntimeException {
    public InvalidImageException(String message) {
        super(message);
    }

    public InvalidImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
