package dev.strata.build.ops;

import java.io.IOException;

/**
 * A source whose result depends on data outside the definition, such as a local directory: its cache
 * key is a digest of that data, read while the solve is planned and once more after the op ran (to
 * make sure the data did not change meanwhile). It has no key from the definition alone, which would
 * outlive a change of the data.
 */
public non-sealed interface ContentKeyedOp extends Op {

  /**
   * The op's cache key: a digest of the content it would import now.
   *
   * @throws IOException if the content cannot be read; the message names what is missing
   */
  String contentKey(Session session) throws IOException;
}
