package dev.strata.overlay;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.InvalidArgumentException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Update's field paths, as containerd's storage.UpdateInfo reads them: none or {@code labels} replaces
 * all labels, {@code labels.<k>} sets or deletes one, anything else is an invalid argument.
 */
final class FieldPaths {
    private static final String LABEL_PREFIX = "labels.";

    private FieldPaths() {
    }

    static Map<String, String> updatedLabels(Map<String, String> current, Info requested, List<String> fieldPaths) {
        if (fieldPaths.isEmpty()) {
            return requested.labels();
        }
        Map<String, String> labels = new HashMap<>(current);
        for (String path : fieldPaths) {
            if (path.startsWith(LABEL_PREFIX)) {
                String key = path.substring(LABEL_PREFIX.length());
                String value = requested.labels().get(key);
                if (value == null) {
                    labels.remove(key);
                } else {
                    labels.put(key, value);
                }
            } else if (path.equals("labels")) {
                labels = new HashMap<>(requested.labels());
            } else {
                throw new InvalidArgumentException("failed to update snapshot " + MetaStore.quote(requested.name())
                        + ": cannot update field " + MetaStore.quote(path));
            }
        }
        return labels;
    }
}
