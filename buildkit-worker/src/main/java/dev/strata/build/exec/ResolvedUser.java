package dev.strata.build.exec;

import java.util.ArrayList;
import java.util.List;

/** The ids a process runs with; {@code additionalGids} always contains {@code gid}, as containerd ensures. */
record ResolvedUser(int uid, int gid, List<Integer> additionalGids) {
    ResolvedUser {
        additionalGids = List.copyOf(additionalGids);
    }

    static ResolvedUser of(int uid, int gid, List<Integer> supplementary) {
        if (supplementary.contains(gid)) {
            return new ResolvedUser(uid, gid, supplementary);
        }
        List<Integer> all = new ArrayList<>();
        all.add(gid);
        all.addAll(supplementary);
        return new ResolvedUser(uid, gid, all);
    }
}
