package dev.strata.build.cli;

/** {@code --insecure-registry HOST:PORT}: a registry that may be reached over plain HTTP. */
final class RegistryHost {
  private RegistryHost() {}

  /** Checks {@code HOST:PORT} and returns it as given. */
  static String parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || text.contains("/")) {
      throw new IllegalArgumentException("failed to parse registry '" + text + "': expected HOST:PORT");
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("failed to parse registry '" + text + "': port out of range");
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("failed to parse registry '" + text + "': expected HOST:PORT", e);
    }
    return text;
  }
}
