package dev.strata.build.cli;

import dev.strata.build.ops.Session;

/** {@code --allow}'s values, BuildKit's entitlement names. */
final class Entitlements {
  private Entitlements() {}

  static Session.Entitlement parse(String text) {
    return switch (text) {
      case "security.insecure" -> Session.Entitlement.SECURITY_INSECURE;
      case "network.host" -> Session.Entitlement.NETWORK_HOST;
      default -> throw new IllegalArgumentException(
          "failed to parse entitlement '" + text + "': expected security.insecure or network.host");
    };
  }
}
