package dev.strata.tests.support;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link SampleRegistry} on a free port for one test class, in a scratch directory that the class's
 * tests may use too; both go away after the class, even when starting the registry failed. Register it
 * as a static field with {@code @RegisterExtension}.
 */
public final class RegistryExtension implements BeforeAllCallback, AfterAllCallback {
  private final String prefix;
  private ScratchDirectory scratch;
  private SampleRegistry registry;

  /** @param prefix the scratch directory's name prefix */
  public RegistryExtension(String prefix) {
    this.prefix = prefix;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    scratch = ScratchDirectory.create(prefix);
    registry = SampleRegistry.onFreePort(scratch.directory("registry"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    try {
      if (registry != null) {
        registry.close();
      }
    } finally {
      if (scratch != null) {
        scratch.close();
      }
    }
  }

  /** host:port, the registry part of image references. */
  public String host() {
    return registry.host();
  }

  /** The class's scratch directory, which also holds the registry's storage. */
  public ScratchDirectory scratch() {
    return scratch;
  }
}
