/**
 * Runs LLB ExecOps through runc, as BuildKit's runc executor does.
 *
 * <p>Input: an {@link dev.strata.build.exec.ExecSpec} (process, sandbox, the root snapshot's mount
 * list, and {@link dev.strata.build.exec.ExecMount}s: other snapshots, tmpfs, secrets, cache
 * directories), independent of the LLB protos. {@link dev.strata.build.exec.RuncExecutor} mounts the
 * root, resolves the user from the root's /etc/passwd and /etc/group, writes /etc/hosts,
 * /etc/resolv.conf and an OCI config.json into a per-exec bundle, runs {@code runc run} and undoes
 * everything through one cleanup stack. A non-zero exit becomes an
 * {@link dev.strata.build.exec.ExecFailedException} with the exit code and the last output lines.
 *
 * <p>Not done (BuildKit does): seccomp and AppArmor profiles, rlimits, cgroup parents and resource
 * limits, valid exit codes other than 0, a bridge (CNI) network, user namespaces, loop devices in
 * insecure mode.
 */
package dev.strata.build.exec;
