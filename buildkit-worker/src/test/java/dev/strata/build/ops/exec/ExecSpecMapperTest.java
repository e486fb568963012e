package dev.strata.build.ops.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.build.exec.ExecSpec;
import dev.strata.build.exec.ExtraHost;
import dev.strata.build.exec.NetworkMode;
import dev.strata.build.exec.SecurityMode;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.HostIP;
import dev.strata.build.llb.pb.Meta;
import dev.strata.build.llb.pb.NetMode;
import dev.strata.build.llb.pb.ProxyEnv;
import dev.strata.build.llb.pb.SecretEnv;
import dev.strata.build.llb.pb.Ulimit;
import dev.strata.build.ops.Session;
import dev.strata.build.ops.Session.Entitlement;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.NotImplementedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecSpecMapperTest {
  private static final List<Mount> ROOT = List.of(Mount.of("bind", "/tmp/root", List.of("rbind")));

  @TempDir Path dir;

  private static ExecOp.Builder exec(Meta.Builder meta) {
    return ExecOp.newBuilder().setMeta(meta.addArgs("make").addArgs("all"));
  }

  private static ExecSpec map(ExecOp.Builder op, Session session) throws IOException {
    return ExecSpecMapper.map(op.build(), session, "RUN make").root(ROOT, false).build();
  }

  private static Session entitled(Entitlement... entitlements) {
    return new Session(Map.of(), Map.of(), Set.of(entitlements));
  }

  @Test
  void theProcessIsMappedWithProxyVariablesAfterTheEnv() throws IOException {
    ExecSpec spec = map(exec(Meta.newBuilder().addEnv("A=1").setCwd("/src").setUser("app:staff").setHostname("box")
        .addExtraHosts(HostIP.newBuilder().setHost("registry").setIP("10.0.0.1"))
        .setProxyEnv(ProxyEnv.newBuilder().setHttpProxy("http://p:3128").setNoProxy("local"))
        .setRemoveMountStubsRecursive(true)), Session.EMPTY);

    assertEquals(List.of("make", "all"), spec.args());
    assertEquals(List.of("A=1", "HTTP_PROXY=http://p:3128", "http_proxy=http://p:3128", "NO_PROXY=local", "no_proxy=local"),
        spec.env());
    assertEquals("/src", spec.cwd());
    assertEquals("app:staff", spec.user());
    assertEquals("box", spec.hostname());
    assertEquals(List.of(new ExtraHost("registry", "10.0.0.1")), spec.extraHosts());
    assertTrue(spec.removeMountStubsRecursive());
    assertEquals(SecurityMode.SANDBOX, spec.security());
  }

  @Test
  void anUnsetCwdIsTheRootAndAnUnsetHostnameBuildKits() throws IOException {
    ExecSpec spec = map(exec(Meta.newBuilder()), Session.EMPTY);
    assertEquals("/", spec.cwd());
    assertEquals(ExecSpec.DEFAULT_HOSTNAME, spec.hostname());
    assertEquals("", spec.user());
  }

  @Test
  void theSandboxNetworkIsTheHostsNoneIsIsolatedAndHostNeedsTheEntitlement() throws IOException {
    assertEquals(NetworkMode.HOST, map(exec(Meta.newBuilder()).setNetwork(NetMode.UNSET), Session.EMPTY).network());
    assertEquals(NetworkMode.NONE, map(exec(Meta.newBuilder()).setNetwork(NetMode.NONE), Session.EMPTY).network());
    assertThrows(FailedPreconditionException.class, () -> map(exec(Meta.newBuilder()).setNetwork(NetMode.HOST), Session.EMPTY));
    assertEquals(NetworkMode.HOST,
        map(exec(Meta.newBuilder()).setNetwork(NetMode.HOST), entitled(Entitlement.NETWORK_HOST)).network());
  }

  @Test
  void insecureModeNeedsTheEntitlement() throws IOException {
    ExecOp.Builder insecure = exec(Meta.newBuilder()).setSecurity(dev.strata.build.llb.pb.SecurityMode.INSECURE);
    assertThrows(FailedPreconditionException.class, () -> map(insecure, entitled(Entitlement.NETWORK_HOST)));
    assertEquals(SecurityMode.INSECURE, map(insecure, entitled(Entitlement.SECURITY_INSECURE)).security());
  }

  @Test
  void secretEnvReadsTheSessionsSecretAndAMissingOptionalOneIsEmpty() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "abc");
    Session session = new Session(Map.of(), Map.of("token", token), Set.of());
    ExecOp.Builder op = exec(Meta.newBuilder().addEnv("A=1"))
        .addSecretenv(SecretEnv.newBuilder().setID("token").setName("TOKEN"))
        .addSecretenv(SecretEnv.newBuilder().setID("absent").setName("OPTIONAL").setOptional(true));

    assertEquals(List.of("A=1", "TOKEN=abc", "OPTIONAL="), map(op, session).env());
    assertThrows(NotFoundException.class,
        () -> map(exec(Meta.newBuilder()).addSecretenv(SecretEnv.newBuilder().setID("absent").setName("X")), session));
  }

  @Test
  void whatTheExecutorCannotDoIsRefused() {
    assertThrows(NotImplementedException.class,
        () -> map(exec(Meta.newBuilder().addUlimit(Ulimit.newBuilder().setName("nofile").setSoft(1).setHard(1))), Session.EMPTY));
    assertThrows(NotImplementedException.class, () -> map(exec(Meta.newBuilder().addValidExitCodes(1)), Session.EMPTY));
  }
}
