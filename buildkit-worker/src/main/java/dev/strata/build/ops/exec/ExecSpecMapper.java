package dev.strata.build.ops.exec;

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
import dev.strata.build.ops.Session;
import dev.strata.build.ops.Session.Entitlement;
import dev.strata.snapshots.FailedPreconditionException;
import dev.strata.snapshots.InvalidArgumentException;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.NotImplementedException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps an LLB ExecOp's process and sandbox to an {@link ExecSpec} as BuildKit's exec op does: args,
 * env with the proxy variables and secret env appended, cwd ("/" when unset), user, hostname (BuildKit's
 * default when unset), extra hosts, network and security mode, checked against the session's
 * entitlements.
 *
 * <p>Network: NONE is a namespace with loopback only; HOST needs the network.host entitlement; UNSET
 * (BuildKit's default provider) is the host's network without any entitlement, because with no CNI
 * configured buildkitd's "auto" network mode falls back to the host network too.
 */
final class ExecSpecMapper {
  private ExecSpecMapper() {}

  /** Everything but the mounts; fails before anything is created when the op asks for what is not allowed. */
  static ExecSpec.Builder map(ExecOp op, Session session, String opName) throws IOException {
    Meta meta = op.getMeta();
    refuseUnsupported(op, opName);
    List<String> env = new ArrayList<>(meta.getEnvList());
    if (meta.hasProxyEnv()) {
      env.addAll(proxyEnv(meta.getProxyEnv()));
    }
    env.addAll(secretEnv(op.getSecretenvList(), session, opName));
    return ExecSpec.builder()
        .args(meta.getArgsList())
        .env(env)
        .cwd(meta.getCwd().isEmpty() ? "/" : meta.getCwd())
        .user(meta.getUser())
        .hostname(meta.getHostname().isEmpty() ? ExecSpec.DEFAULT_HOSTNAME : meta.getHostname())
        .extraHosts(meta.getExtraHostsList().stream().map(ExecSpecMapper::extraHost).toList())
        .network(network(op.getNetwork(), session, opName))
        .security(security(op, session, opName))
        .removeMountStubsRecursive(meta.getRemoveMountStubsRecursive());
  }

  static NetworkMode network(NetMode mode, Session session, String opName) {
    return switch (mode) {
      case NONE -> NetworkMode.NONE;
      case UNSET -> NetworkMode.HOST;
      case HOST -> {
        if (!session.allows(Entitlement.NETWORK_HOST)) {
          throw new FailedPreconditionException(
              "failed to run exec " + opName + ": host network needs the network.host entitlement");
        }
        yield NetworkMode.HOST;
      }
      case UNRECOGNIZED -> throw new InvalidArgumentException(
          "failed to run exec " + opName + ": unknown network mode " + mode.getNumber());
    };
  }

  private static SecurityMode security(ExecOp op, Session session, String opName) {
    return switch (op.getSecurity()) {
      case SANDBOX -> SecurityMode.SANDBOX;
      case INSECURE -> {
        if (!session.allows(Entitlement.SECURITY_INSECURE)) {
          throw new FailedPreconditionException(
              "failed to run exec " + opName + ": insecure mode needs the security.insecure entitlement");
        }
        yield SecurityMode.INSECURE;
      }
      case UNRECOGNIZED -> throw new InvalidArgumentException(
          "failed to run exec " + opName + ": unknown security mode " + op.getSecurityValue());
    };
  }

  /** BuildKit's proxyEnvList: each set variable in upper and lower case. */
  static List<String> proxyEnv(ProxyEnv proxy) {
    List<String> env = new ArrayList<>();
    addProxy(env, "HTTP_PROXY", proxy.getHttpProxy());
    addProxy(env, "HTTPS_PROXY", proxy.getHttpsProxy());
    addProxy(env, "FTP_PROXY", proxy.getFtpProxy());
    addProxy(env, "NO_PROXY", proxy.getNoProxy());
    addProxy(env, "ALL_PROXY", proxy.getAllProxy());
    return env;
  }

  private static void addProxy(List<String> env, String name, String value) {
    if (!value.isEmpty()) {
      env.add(name + "=" + value);
      env.add(name.toLowerCase() + "=" + value);
    }
  }

  /** As BuildKit: a missing optional secret sets the variable to "". */
  private static List<String> secretEnv(List<SecretEnv> secrets, Session session, String opName) throws IOException {
    List<String> env = new ArrayList<>();
    for (SecretEnv secret : secrets) {
      Path file = session.secrets().get(secret.getID());
      if (file == null && !secret.getOptional()) {
        throw new NotFoundException("failed to run exec " + opName + ": secret " + secret.getID()
            + " for environment variable " + secret.getName() + " not found in the session");
      }
      String value = file == null ? "" : Files.readString(file, StandardCharsets.UTF_8);
      env.add(secret.getName() + "=" + value);
    }
    return env;
  }

  private static ExtraHost extraHost(HostIP host) {
    return new ExtraHost(host.getHost(), host.getIP());
  }

  private static void refuseUnsupported(ExecOp op, String opName) {
    Meta meta = op.getMeta();
    List<String> unsupported = new ArrayList<>();
    if (meta.getUlimitCount() > 0) {
      unsupported.add("ulimits");
    }
    if (!meta.getCgroupParent().isEmpty()) {
      unsupported.add("cgroup parent");
    }
    if (!meta.getValidExitCodesList().isEmpty() && !meta.getValidExitCodesList().equals(List.of(0))) {
      unsupported.add("valid exit codes other than 0");
    }
    if (op.getCdiDevicesCount() > 0) {
      unsupported.add("CDI devices");
    }
    if (!unsupported.isEmpty()) {
      throw new NotImplementedException("failed to run exec " + opName + ": unsupported " + String.join(", ", unsupported));
    }
  }
}
