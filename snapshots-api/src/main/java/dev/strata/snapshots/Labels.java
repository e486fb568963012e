package dev.strata.snapshots;

import java.util.Map;

/** containerd's limit on snapshot labels: a key and its value together take at most 4096 bytes of UTF-8. */
public final class Labels {
    /** The most UTF-8 bytes that a label's key and value may take together. */
    public static final int MAX_SIZE = 4096;

    private static final int KEY_PREFIX_IN_MESSAGES = 10;

    private Labels() {
    }

    /**
     * Checks every label against {@link #MAX_SIZE}.
     *
     * @throws InvalidArgumentException naming the first label over the limit
     */
    public static void validate(Map<String, String> labels) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            String key = label.getKey();
            if (utf8Length(key) + utf8Length(label.getValue()) > MAX_SIZE) {
                String shown = key.length() > KEY_PREFIX_IN_MESSAGES ? key.substring(0, KEY_PREFIX_IN_MESSAGES) + "..." : key;
                throw new InvalidArgumentException("failed to validate labels: label key and value greater than maximum size ("
                        + MAX_SIZE + " bytes), key: " + shown);
            }
        }
    }

    static int utf8Length(String text) {
        int bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isSurrogate(c)) {
                bytes += 2; // a surrogate pair is one 4-byte code point
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
