package dev.strata.build.ops;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What one build brings with it, as buildctl's session does: local directories by name, secret files
 * by id, the entitlements the user granted, and OCI layouts by store name.
 *
 * @param locals {@code local://NAME} sources, from {@code --local NAME=DIR}
 * @param secrets secret files by id, from {@code --secret id=ID,src=FILE}
 * @param entitlements what the user allowed beyond the defaults
 * @param ociLayouts OCI image layout directories by store name, from {@code --oci-layout NAME=DIR}, for
 *     {@code oci-layout://} sources
 */
public record Session(
    Map<String, Path> locals,
    Map<String, Path> secrets,
    Set<Entitlement> entitlements,
    Map<String, Path> ociLayouts) {

  /** A session with no locals, no secrets, no entitlements and no OCI layouts. */
  public static final Session EMPTY = new Session(Map.of(), Map.of(), Set.of());

  public Session {
    locals = Map.copyOf(Objects.requireNonNull(locals, "locals"));
    secrets = Map.copyOf(Objects.requireNonNull(secrets, "secrets"));
    entitlements = Set.copyOf(Objects.requireNonNull(entitlements, "entitlements"));
    ociLayouts = Map.copyOf(Objects.requireNonNull(ociLayouts, "ociLayouts"));
  }

  /** A session without OCI layouts. */
  public Session(Map<String, Path> locals, Map<String, Path> secrets, Set<Entitlement> entitlements) {
    this(locals, secrets, entitlements, Map.of());
  }

  public boolean allows(Entitlement entitlement) {
    return entitlements.contains(entitlement);
  }

  /** BuildKit's entitlements: what an op may only do when the user allows it. */
  public enum Entitlement {
    /** {@code security.insecure}: exec ops in SecurityMode INSECURE run with every capability. */
    SECURITY_INSECURE,
    /** {@code network.host}: exec ops may share the host's network. */
    NETWORK_HOST
  }
}
