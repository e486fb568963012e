package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.ChownOpt;
import dev.strata.build.llb.pb.NamedUserOpt;
import dev.strata.build.llb.pb.UserOpt;
import java.util.Objects;

/** The owner a file action gives what it creates: numeric ids, or names looked up in the target state. */
public final class Owner {
  private final UserOpt user;
  private final UserOpt group;
  private final boolean byName;

  private Owner(UserOpt user, UserOpt group, boolean byName) {
    this.user = user;
    this.group = group;
    this.byName = byName;
  }

  public static Owner ids(int uid, int gid) {
    return new Owner(UserOpt.newBuilder().setByID(uid).build(), UserOpt.newBuilder().setByID(gid).build(), false);
  }

  /** Names resolved through the /etc/passwd and /etc/group of the state the action applies to. */
  public static Owner names(String user, String group) {
    return new Owner(named(Objects.requireNonNull(user, "user")), named(Objects.requireNonNull(group, "group")), true);
  }

  private static UserOpt named(String name) {
    return UserOpt.newBuilder().setByName(NamedUserOpt.newBuilder().setName(name)).build();
  }

  ChownOpt toProto(long target) {
    return ChownOpt.newBuilder().setUser(resolvedIn(user, target)).setGroup(resolvedIn(group, target)).build();
  }

  private UserOpt resolvedIn(UserOpt opt, long target) {
    if (!byName) {
      return opt;
    }
    return UserOpt.newBuilder().setByName(opt.getByName().toBuilder().setInput(target)).build();
  }
}
