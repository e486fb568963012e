package dev.strata.tests.containerd;

import dev.strata.snapshots.Kind;
import dev.strata.tests.support.ListedSnapshot;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Parses the whitespace-aligned tables that {@code ctr} prints, skipping the header row. */
final class CtrTables {

    /** One row of {@code ctr snapshots usage -b}. */
    record UsageRow(String key, long sizeBytes, long inodes) {
    }

    private CtrTables() {
    }

    /** {@code ctr snapshots ls}: KEY PARENT KIND, where PARENT is blank for a base layer. */
    static List<ListedSnapshot> snapshots(String stdout) {
        return rows(stdout).stream().map(cells -> {
            Kind kind = Kind.parse(cells.get(cells.size() - 1))
                    .orElseThrow(() -> new AssertionError("unknown snapshot kind in row " + cells));
            String parent = cells.size() == 3 ? cells.get(1) : "";
            return new ListedSnapshot(cells.get(0), parent, kind);
        }).toList();
    }

    /** {@code ctr snapshots usage -b}: KEY SIZE INODES, keyed by snapshot key. */
    static Map<String, UsageRow> usage(String stdout) {
        return rows(stdout).stream()
                .map(cells -> new UsageRow(cells.get(0), Long.parseLong(cells.get(1)), Long.parseLong(cells.get(2))))
                .collect(Collectors.toMap(UsageRow::key, row -> row));
    }

    private static List<List<String>> rows(String stdout) {
        return stdout.lines()
                .skip(1)
                .filter(line -> !line.isBlank())
                .map(line -> Arrays.asList(line.trim().split("\\s+")))
                .toList();
    }
}
