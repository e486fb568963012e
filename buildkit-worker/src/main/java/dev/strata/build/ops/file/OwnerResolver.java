package dev.strata.build.ops.file;

import dev.strata.build.llb.pb.ChownOpt;
import dev.strata.build.llb.pb.UserOpt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Turns an action's ChownOpt into numeric ids as BuildKit does: a user by id also sets the group to
 * that id, a user by name takes uid and primary gid from the rootfs' /etc/passwd, a group overrides
 * the gid (by name from /etc/group). Names that are not listed but are numbers are taken as ids.
 */
final class OwnerResolver {
  private OwnerResolver() {}

  /**
   * @param rootfs the filesystem whose /etc/passwd and /etc/group name the users
   * @return empty when the action sets no owner
   */
  static Optional<FileOwner> resolve(ChownOpt owner, Path rootfs) throws IOException {
    if (!owner.hasUser() && !owner.hasGroup()) {
      return Optional.empty();
    }
    int uid = 0;
    int gid = 0;
    if (owner.hasUser()) {
      UserOpt user = owner.getUser();
      if (user.hasByName()) {
        String name = user.getByName().getName();
        List<String> entry = lookup(rootfs, "/etc/passwd", name, "user");
        uid = parseId(entry.get(2), name);
        gid = parseId(entry.get(3), name);
      } else {
        uid = user.getByID();
        gid = user.getByID();
      }
    }
    if (owner.hasGroup()) {
      UserOpt group = owner.getGroup();
      if (group.hasByName()) {
        String name = group.getByName().getName();
        gid = parseId(lookup(rootfs, "/etc/group", name, "group").get(2), name);
      } else {
        gid = group.getByID();
      }
    }
    return Optional.of(new FileOwner(uid, gid));
  }

  /** The colon-separated fields of {@code name}'s line, or a numeric name as all three id fields. */
  private static List<String> lookup(Path rootfs, String file, String name, String what) throws IOException {
    Path path = RootPath.resolve(rootfs, file);
    if (Files.isRegularFile(path)) {
      for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
        String[] fields = line.split(":", -1);
        if (fields.length >= 3 && fields[0].equals(name)) {
          return List.of(fields);
        }
      }
    }
    if (name.chars().allMatch(Character::isDigit) && !name.isEmpty()) {
      return List.of(name, "", name, name);
    }
    throw new IOException("failed to resolve " + what + " " + name + ": not in " + file);
  }

  private static int parseId(String field, String name) throws IOException {
    try {
      return Integer.parseUnsignedInt(field.trim());
    } catch (NumberFormatException e) {
      throw new IOException("failed to resolve " + name + ": bad id " + field, e);
    }
  }
}
