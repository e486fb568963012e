package dev.strata.build.exec;

import dev.strata.build.exec.UserDatabase.GroupEntry;
import dev.strata.build.exec.UserDatabase.PasswdEntry;
import dev.strata.snapshots.InvalidArgumentException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns an exec's user string into ids the way BuildKit does (oci.GetUser over runc's GetExecUser):
 * "uid:gid" needs no files; otherwise the user (name or uid) and the optional group (name or gid) are
 * looked up in the root's /etc/passwd and /etc/group. A user given only by name gets the groups that
 * list it as supplementary groups. An unset user is root, even when the files are missing.
 */
final class UserResolver {
    private static final long MAX_ID = Integer.MAX_VALUE;

    private UserResolver() {
    }

    static ResolvedUser resolve(Path rootfs, String user) throws IOException {
        String spec = user.isEmpty() ? "0" : user;
        Optional<ResolvedUser> numeric = numericPair(spec);
        if (numeric.isPresent()) {
            return numeric.get();
        }
        try {
            return lookUp(UserDatabase.read(rootfs), spec);
        } catch (InvalidArgumentException e) {
            if (user.isEmpty()) {
                return ResolvedUser.of(0, 0, List.of());
            }
            throw e;
        }
    }

    /** BuildKit's fast path: both parts given, each a number or "root". */
    private static Optional<ResolvedUser> numericPair(String spec) {
        int colon = spec.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        OptionalInt uid = fastId(spec.substring(0, colon));
        OptionalInt gid = fastId(spec.substring(colon + 1));
        if (uid.isEmpty() || gid.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ResolvedUser.of(uid.getAsInt(), gid.getAsInt(), List.of()));
    }

    private static OptionalInt fastId(String text) {
        return text.equals("root") ? OptionalInt.of(0) : id(text);
    }

    private static ResolvedUser lookUp(UserDatabase database, String spec) {
        int colon = spec.indexOf(':');
        String userArg = colon < 0 ? spec : spec.substring(0, colon);
        String groupArg = colon < 0 ? "" : spec.substring(colon + 1);
        OptionalInt userId = id(userArg);
        OptionalInt groupId = id(groupArg);

        Optional<PasswdEntry> entry = database.passwd().orElse(List.of()).stream()
                .filter(p -> userId.isPresent() ? p.uid() == userId.getAsInt() : p.name().equals(userArg))
                .findFirst();
        int uid;
        int gid = 0;
        if (entry.isPresent()) {
            uid = entry.get().uid();
            gid = entry.get().gid();
        } else if (userId.isPresent()) {
            uid = userId.getAsInt();
        } else {
            throw new InvalidArgumentException("failed to resolve user " + userArg + ": no matching entries in passwd file");
        }

        List<GroupEntry> groups = database.groups().orElse(List.of());
        if (!groupArg.isEmpty()) {
            Optional<GroupEntry> group = groups.stream()
                    .filter(g -> groupId.isPresent() ? g.gid() == groupId.getAsInt() : g.name().equals(groupArg))
                    .findFirst();
            if (group.isPresent()) {
                gid = group.get().gid();
            } else if (groupId.isPresent()) {
                gid = groupId.getAsInt();
            } else {
                throw new InvalidArgumentException("failed to resolve group " + groupArg + ": no matching entries in group file");
            }
            return ResolvedUser.of(uid, gid, List.of());
        }
        if (entry.isEmpty()) {
            return ResolvedUser.of(uid, gid, List.of());
        }
        String name = entry.get().name();
        List<Integer> supplementary = groups.stream()
                .filter(g -> g.members().contains(name))
                .map(GroupEntry::gid)
                .toList();
        return ResolvedUser.of(uid, gid, supplementary);
    }

    /** A non-negative id within runc's range, or empty if the text is not one. */
    private static OptionalInt id(String text) {
        if (text.isEmpty() || !text.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        try {
            long value = Long.parseLong(text);
            if (value > MAX_ID) {
                throw new InvalidArgumentException("failed to resolve user id " + text + ": out of range");
            }
            return OptionalInt.of((int) value);
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("failed to resolve user id " + text + ": out of range", e);
        }
    }
}
