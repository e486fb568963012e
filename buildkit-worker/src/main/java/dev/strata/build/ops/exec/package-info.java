/**
 * LLB's exec op on the runc executor: {@link dev.strata.build.ops.exec.ExecOps} holds the executor and
 * the persistent cache mounts and makes the op for each exec vertex.
 *
 * <p>Not done (BuildKit does): ssh mounts, ulimits, cgroup parents, valid exit codes other than 0, CDI
 * devices, selectors on the root and on cache mounts,
 * content-based cache keys for inputs, a CNI network (SANDBOX is the host network, as buildkitd without
 * CNI), the entitlement checks at load time (done when the op runs instead), cache mounts shared between
 * worker processes, and garbage collection of cache mounts.
 */
package dev.strata.build.ops.exec;
