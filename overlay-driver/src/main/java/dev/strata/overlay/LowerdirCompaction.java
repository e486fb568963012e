package dev.strata.overlay;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * containerd's compactLowerdirOption: lowerdirs rewritten relative to the parent of their longest
 * common prefix (for {@code <root>/snapshots/<id>/fs} that is {@code <root>/snapshots}).
 *
 * @param directory the directory to mount from, ending in "/"; null when nothing could be compacted
 * @param options   the options with the lowerdir option rewritten and moved last
 */
record LowerdirCompaction(String directory, List<String> options) {
    private static final String LOWERDIR = "lowerdir=";

    static LowerdirCompaction of(List<String> options) {
        int index = -1;
        for (int i = 0; i < options.size() && index < 0; i++) {
            if (options.get(i).startsWith(LOWERDIR)) {
                index = i;
            }
        }
        if (index < 0) {
            return new LowerdirCompaction(null, options);
        }
        List<String> dirs = Arrays.asList(options.get(index).substring(LOWERDIR.length()).split(":"));
        if (dirs.size() == 1) {
            return new LowerdirCompaction(null, options);
        }
        String prefix = longestCommonPrefix(dirs);
        // ids are digits: a prefix such as "<root>/snapshots/1" is cut back to its parent directory.
        int slash = prefix.lastIndexOf('/');
        if (slash <= 0) {
            return new LowerdirCompaction(null, options);
        }
        String common = prefix.substring(0, slash + 1);
        List<String> relative = new ArrayList<>(dirs.size());
        for (String dir : dirs) {
            relative.add(dir.substring(common.length()));
        }
        List<String> rewritten = new ArrayList<>(options);
        rewritten.remove(index);
        rewritten.add(LOWERDIR + String.join(":", relative));
        return new LowerdirCompaction(common, rewritten);
    }

    private static String longestCommonPrefix(List<String> strings) {
        String first = strings.get(0);
        int length = first.length();
        for (String s : strings) {
            int i = 0;
            while (i < length && i < s.length() && s.charAt(i) == first.charAt(i)) {
                i++;
            }
            length = i;
        }
        return first.substring(0, length);
    }
}
