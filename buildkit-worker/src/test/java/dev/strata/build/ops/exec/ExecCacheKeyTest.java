package dev.strata.build.ops.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.strata.build.llb.pb.CacheOpt;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.HostIP;
import dev.strata.build.llb.pb.Meta;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MountType;
import dev.strata.build.llb.pb.NetMode;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.Platform;
import dev.strata.build.llb.pb.ProxyEnv;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class ExecCacheKeyTest {
  private static final List<String> INPUTS = List.of("sha256:root#0", "sha256:data#0");

  /** sh -c make on input 0, input 1 read-only at /data with selector /src, a cache at /cache. */
  private static Op.Builder op() {
    ExecOp exec = ExecOp.newBuilder()
        .setMeta(Meta.newBuilder().addArgs("sh").addArgs("-c").addArgs("make").setCwd("/")
            .addExtraHosts(HostIP.newBuilder().setHost("registry").setIP("10.0.0.1")))
        .addMounts(Mount.newBuilder().setDest("/").setInput(0).setOutput(0))
        .addMounts(Mount.newBuilder().setDest("/cache").setInput(-1).setOutput(-1).setMountType(MountType.CACHE)
            .setCacheOpt(CacheOpt.newBuilder().setID("go-build").setSharing(CacheSharingOpt.LOCKED)))
        .addMounts(Mount.newBuilder().setDest("/data").setInput(1).setOutput(-1).setReadonly(true).setSelector("/src"))
        .build();
    return Op.newBuilder().setExec(exec).setPlatform(Platform.newBuilder().setOS("linux").setArchitecture("amd64"));
  }

  private static String key(UnaryOperator<Op.Builder> change) {
    return ExecCacheKey.of(change.apply(op()).build(), INPUTS);
  }

  private static String mountChange(int index, UnaryOperator<Mount.Builder> change) {
    return key(op -> {
      change.apply(op.getExecBuilder().getMountsBuilder(index));
      return op;
    });
  }

  private static String metaChange(UnaryOperator<Meta.Builder> change) {
    return key(op -> {
      change.apply(op.getExecBuilder().getMetaBuilder());
      return op;
    });
  }

  @Test
  void whatBuildKitClearsDoesNotChangeTheKey() {
    String key = key(op -> op);
    assertEquals(key, metaChange(meta -> meta.setProxyEnv(ProxyEnv.newBuilder().setHttpProxy("http://proxy:3128"))));
    assertEquals(key, metaChange(meta -> meta.setExtraHosts(0, HostIP.newBuilder().setHost("registry").setIP("10.9.9.9"))));
    assertEquals(key, mountChange(1, m -> m.setCacheOpt(CacheOpt.newBuilder().setID("other").setSharing(CacheSharingOpt.PRIVATE))));
    assertEquals(key, mountChange(2, m -> m.setSelector("src/")), "the same selector, written otherwise");
  }

  @Test
  void theProcessTheMountsThePlatformAndTheInputsChangeTheKey() {
    String key = key(op -> op);
    assertNotEquals(key, metaChange(meta -> meta.setArgs(2, "make test")));
    assertNotEquals(key, metaChange(meta -> meta.addEnv("A=1")));
    assertNotEquals(key, metaChange(meta -> meta.setExtraHosts(0, HostIP.newBuilder().setHost("other").setIP("10.0.0.1"))));
    assertNotEquals(key, key(op -> op.setExec(op.getExecBuilder().setNetwork(NetMode.NONE))));
    assertNotEquals(key, mountChange(2, m -> m.setSelector("/other")), "a selector moves to its input's key");
    assertNotEquals(key, mountChange(2, m -> m.setReadonly(false)));
    assertNotEquals(key, key(op -> op.setPlatform(Platform.newBuilder().setOS("linux").setArchitecture("arm64"))));
    assertNotEquals(key, ExecCacheKey.of(op().build(), List.of("sha256:root#0", "sha256:other#0")));
  }

  @Test
  void aDockerfileDefaultCacheMountKeepsItsIdInTheKey() {
    UnaryOperator<Mount.Builder> defaultCache = m -> m.setCacheOpt(CacheOpt.newBuilder().setID("/cache"));
    String key = mountChange(1, defaultCache);
    assertNotEquals(key, mountChange(1, m -> m.setCacheOpt(CacheOpt.newBuilder().setID("/elsewhere"))));
    assertNotEquals(mountChange(1, m -> m.setCacheOpt(CacheOpt.newBuilder().setID("ns1//cache"))),
        mountChange(1, m -> m.setCacheOpt(CacheOpt.newBuilder().setID("ns2//cache"))), "a namespaced default id stays too");
  }
}
