package dev.strata.build.layer;

import java.util.ArrayList;
import java.util.List;

/** Lexical cleaning of tar entry names: relative to the layer root, with no way above it. */
final class EntryNames {
    private EntryNames() {
    }

    /** The name's components after dropping ".", empty parts and leading "/", with ".." clamped at the root. */
    static List<String> components(String name) {
        List<String> result = new ArrayList<>();
        for (String part : name.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!result.isEmpty()) {
                    result.remove(result.size() - 1);
                }
                continue;
            }
            result.add(part);
        }
        return result;
    }
}
