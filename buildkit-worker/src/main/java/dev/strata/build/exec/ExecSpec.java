package dev.strata.build.exec;

import dev.strata.snapshots.Mount;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one exec runs and on what: the process (args, env, cwd, user), its sandbox (hostname, network,
 * security, extra hosts), the root snapshot's mount list and the other mounts. Build it with
 * {@link #builder()}; the solver fills it from an LLB ExecOp.
 *
 * @param user "uid[:gid]", "name[:group]" or "" for root, resolved against the root's /etc/passwd and /etc/group
 * @param removeMountStubsRecursive also remove the empty parent directories created for mount targets
 */
public record ExecSpec(
        List<String> args,
        List<String> env,
        String cwd,
        String user,
        String hostname,
        NetworkMode network,
        SecurityMode security,
        List<ExtraHost> extraHosts,
        List<Mount> root,
        boolean readonlyRoot,
        List<ExecMount> mounts,
        boolean removeMountStubsRecursive) {

    /** BuildKit's hostname when the op names none. */
    public static final String DEFAULT_HOSTNAME = "buildkitsandbox";

    public ExecSpec {
        args = List.copyOf(args);
        env = List.copyOf(env);
        ContainerPaths.requireAbsolute(cwd);
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(network, "network");
        Objects.requireNonNull(security, "security");
        extraHosts = List.copyOf(extraHosts);
        root = List.copyOf(root);
        mounts = List.copyOf(mounts);
        if (args.isEmpty()) {
            throw new IllegalArgumentException("exec needs at least one argument");
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException("exec needs a root mount list");
        }
        for (String entry : env) {
            if (!entry.contains("=")) {
                throw new IllegalArgumentException("environment entry must be NAME=VALUE: \"" + entry + "\"");
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the fields; {@link #build()} names every required field that is missing. */
    public static final class Builder {
        private List<String> args;
        private List<String> env = List.of();
        private String cwd;
        private String user = "";
        private String hostname = DEFAULT_HOSTNAME;
        private NetworkMode network;
        private SecurityMode security = SecurityMode.SANDBOX;
        private List<ExtraHost> extraHosts = List.of();
        private List<Mount> root;
        private boolean readonlyRoot;
        private final List<ExecMount> mounts = new ArrayList<>();
        private boolean removeMountStubsRecursive;

        private Builder() {
        }

        public Builder args(List<String> args) {
            this.args = args;
            return this;
        }

        public Builder args(String... args) {
            return args(List.of(args));
        }

        public Builder env(List<String> env) {
            this.env = env;
            return this;
        }

        public Builder cwd(String cwd) {
            this.cwd = cwd;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder network(NetworkMode network) {
            this.network = network;
            return this;
        }

        public Builder security(SecurityMode security) {
            this.security = security;
            return this;
        }

        public Builder extraHosts(List<ExtraHost> extraHosts) {
            this.extraHosts = extraHosts;
            return this;
        }

        public Builder root(List<Mount> root, boolean readonly) {
            this.root = root;
            this.readonlyRoot = readonly;
            return this;
        }

        public Builder mount(ExecMount mount) {
            mounts.add(Objects.requireNonNull(mount, "mount"));
            return this;
        }

        public Builder removeMountStubsRecursive(boolean recursive) {
            this.removeMountStubsRecursive = recursive;
            return this;
        }

        public ExecSpec build() {
            List<String> missing = new ArrayList<>();
            if (args == null) {
                missing.add("args");
            }
            if (cwd == null) {
                missing.add("cwd");
            }
            if (network == null) {
                missing.add("network");
            }
            if (root == null) {
                missing.add("root");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("failed to build exec spec: missing " + String.join(", ", missing));
            }
            return new ExecSpec(args, env, cwd, user, hostname, network, security, extraHosts, root, readonlyRoot,
                    mounts, removeMountStubsRecursive);
        }
    }
}
