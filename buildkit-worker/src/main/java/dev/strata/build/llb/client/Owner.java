package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.ChownOpt;
import dev.strata.build.llb.pb.NamedUserOpt;
import dev.strata.build.llb.pb.UserOpt;
import java.util.Objects;

/**
 * The owner a file action gives what it creates: numeric ids, or names looked up in the target
 * state. A missing group (from {@link #parse} without one) is left to the worker.
 */
public final class Owner {
  private final UserOpt user;
  private final UserOpt group;

  private Owner(UserOpt user, UserOpt group) {
    this.user = user;
    this.group = group;
  }

  public static Owner ids(int uid, int gid) {
    return new Owner(id(uid), id(gid));
  }

  /** Names resolved through the /etc/passwd and /etc/group of the state the action applies to. */
  public static Owner names(String user, String group) {
    return new Owner(named(Objects.requireNonNull(user, "user")), named(Objects.requireNonNull(group, "group")));
  }

  /**
   * {@code user[:group]} as BuildKit's {@code llb.WithUser} reads it: each part a number or a name,
   * {@code root} being 0.
   */
  public static Owner parse(String spec) {
    String[] parts = spec.split(":", 2);
    return new Owner(idOrName(parts[0]), parts.length > 1 ? idOrName(parts[1]) : null);
  }

  private static UserOpt idOrName(String value) {
    if (value.equals("root")) {
      return id(0);
    }
    try {
      return id(Integer.parseInt(value));
    } catch (NumberFormatException e) {
      return named(value);
    }
  }

  private static UserOpt id(int id) {
    return UserOpt.newBuilder().setByID(id).build();
  }

  private static UserOpt named(String name) {
    return UserOpt.newBuilder().setByName(NamedUserOpt.newBuilder().setName(name)).build();
  }

  ChownOpt toProto(long target) {
    ChownOpt.Builder chown = ChownOpt.newBuilder().setUser(resolvedIn(user, target));
    if (group != null) {
      chown.setGroup(resolvedIn(group, target));
    }
    return chown.build();
  }

  private static UserOpt resolvedIn(UserOpt opt, long target) {
    if (!opt.hasByName()) {
      return opt;
    }
    return UserOpt.newBuilder().setByName(opt.getByName().toBuilder().setInput(target)).build();
  }
}
