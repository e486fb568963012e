package dev.strata.build.ops.exec;

import dev.strata.build.llb.Deterministic;
import dev.strata.build.llb.pb.CacheOpt;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.HostIP;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MountType;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.ops.CacheKeys;
import java.util.ArrayList;
import java.util.List;

/**
 * An exec op's cache key, cleared as BuildKit's ExecOp.CacheMap clears it: extra hosts' IPs, the proxy
 * env, mount selectors, and the id and sharing of cache mounts (except Dockerfile's default, whose id
 * is its target, optionally behind a namespace). The platform stays in. A mount's selector moves to
 * its input instead: each input key is followed by the selectors of the mounts reading it.
 */
final class ExecCacheKey {
  static final String CACHE_TYPE = "strata.exec.v0";

  private ExecCacheKey() {}

  static String of(Op op, List<String> inputKeys) {
    ExecOp.Builder exec = op.getExec().toBuilder();
    exec.getMetaBuilder().clearProxyEnv();
    for (HostIP.Builder host : exec.getMetaBuilder().getExtraHostsBuilderList()) {
      host.setIP("");
    }
    List<List<String>> selectors = new ArrayList<>();
    inputKeys.forEach(key -> selectors.add(new ArrayList<>()));
    for (Mount.Builder mount : exec.getMountsBuilderList()) {
      if (readsInput(mount) && mount.getInput() < inputKeys.size()) {
        selectors.get((int) mount.getInput()).add(ExecMounts.absoluteSelector(mount.getSelector()));
      }
      mount.clearSelector();
      if (mount.hasCacheOpt() && !isDockerfileDefault(mount)) {
        mount.setCacheOpt(CacheOpt.getDefaultInstance());
      }
    }
    byte[] canonical = Deterministic.toBytes(Op.newBuilder().setExec(exec).setPlatform(op.getPlatform()).build());
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < inputKeys.size(); i++) {
      keys.add(inputKeys.get(i) + "\0" + String.join("\0", selectors.get(i)));
    }
    return CacheKeys.of(CACHE_TYPE, canonical, keys);
  }

  private static boolean readsInput(Mount.Builder mount) {
    MountType type = mount.getMountType();
    return mount.getInput() >= 0 && type != MountType.SECRET && type != MountType.SSH && type != MountType.TMPFS;
  }

  private static boolean isDockerfileDefault(Mount.Builder mount) {
    CacheOpt cache = mount.getCacheOpt();
    if (cache.getSharing() != CacheSharingOpt.SHARED) {
      return false;
    }
    String id = cache.getID();
    int slash = id.indexOf('/');
    return id.equals(mount.getDest()) || (slash >= 0 && id.substring(slash + 1).equals(mount.getDest()));
  }
}
