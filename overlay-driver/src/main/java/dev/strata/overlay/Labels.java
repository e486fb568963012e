package dev.strata.overlay;

import dev.strata.snapshots.InvalidArgumentException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** containerd's label rule (labels.Validate): key and value together at most 4096 bytes. */
final class Labels {
    static final int MAX_SIZE = 4096;

    private Labels() {
    }

    static void validate(String verb, Map<String, String> labels) {
        for (Map.Entry<String, String> label : labels.entrySet()) {
            int size = label.getKey().getBytes(StandardCharsets.UTF_8).length
                    + label.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (size > MAX_SIZE) {
                throw new InvalidArgumentException("failed to " + verb + ": label key and value greater than maximum size ("
                        + MAX_SIZE + " bytes), key: " + abbreviate(label.getKey()));
            }
        }
    }

    private static String abbreviate(String key) {
        return key.length() > 10 ? key.substring(0, 10) + "..." : key;
    }
}
