package dev.strata.build.worker;

/** The request uses an option that no part of this worker consumes, so honouring it is impossible. */
public final class UnsupportedOptionException extends RuntimeException {
  private final String option;

  UnsupportedOptionException(String option, String cause) {
    super("failed to accept " + option + ": " + cause);
    this.option = option;
  }

  /** The command-line option at fault, e.g. {@code --output}. */
  public String option() {
    return option;
  }
}
