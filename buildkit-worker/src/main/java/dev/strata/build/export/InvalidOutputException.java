package dev.strata.build.export;

/** An {@code --output} value that names an unknown type or key, or a value the key does not take. */
public class InvalidOutputException extends IllegalArgumentException {
    public InvalidOutputException(String message) {
        super(message);
    }
}
