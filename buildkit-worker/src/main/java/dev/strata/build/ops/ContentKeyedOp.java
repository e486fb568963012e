package dev.strata.build.ops;

import java.io.IOException;
import java.util.List;

/**
 * A source whose result depends on data outside the definition, such as a local directory: its cache
 * key is a digest of that data, read while the solve is planned and once more after the op ran (to
 * make sure the data did not change meanwhile), and {@link #cacheKey} is not used.
 */
public interface ContentKeyedOp extends Op {

  /**
   * The op's cache key: a digest of the content it would import now.
   *
   * @throws IOException if the content cannot be read; the message names what is missing
   */
  String contentKey(Session session) throws IOException;

  /** Not a key for such an op: one computed from the definition alone would outlive a change of content. */
  @Override
  default String cacheKey(List<String> inputKeys) {
    throw new UnsupportedOperationException("the cache key of this op depends on content: use contentKey");
  }
}
