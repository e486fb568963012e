package dev.strata.snapshots;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The labels that {@link Snapshotter#update} leaves on a snapshot, by containerd's field-path rules. Labels are
 * the only mutable field of a snapshot; as in containerd's metadata store, an empty value means no label.
 */
public final class LabelUpdate {
    private static final String LABELS = "labels";
    private static final String LABEL_PREFIX = LABELS + ".";

    private LabelUpdate() {
    }

    /**
     * Computes the labels after an update.
     *
     * @param current   the labels stored now
     * @param requested the labels the caller sent
     * @param paths     none or {@code labels}: replace all labels by {@code requested}; {@code labels.<k>}: set
     *                  label k to its requested value, or delete it when the request has none (or an empty one)
     * @return the new labels
     * @throws InvalidArgumentException for any other field path, or a label over {@link Labels#MAX_SIZE}
     */
    public static Map<String, String> apply(Map<String, String> current, Map<String, String> requested, List<String> paths) {
        Map<String, String> result = new HashMap<>(paths.isEmpty() ? requested : current);
        for (String path : paths) {
            if (path.startsWith(LABEL_PREFIX)) {
                String key = path.substring(LABEL_PREFIX.length());
                result.put(key, requested.getOrDefault(key, ""));
            } else if (path.equals(LABELS)) {
                result.clear();
                result.putAll(requested);
            } else {
                throw new InvalidArgumentException("failed to update snapshot: cannot update field path \"" + path + "\"");
            }
        }
        result.values().removeIf(String::isEmpty);
        Labels.validate(result);
        return Map.copyOf(result);
    }
}
