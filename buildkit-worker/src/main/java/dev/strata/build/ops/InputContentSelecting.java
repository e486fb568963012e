package dev.strata.build.ops;

import java.util.List;
import java.util.Map;

/**
 * An op that reads only parts of some inputs, as a copy reads its source: for those inputs the solver
 * may pass {@link #cacheKey} a digest of the selected content instead of the input's key, so that a
 * change elsewhere in the input does not change the op's key.
 */
public interface InputContentSelecting extends DefinitionKeyedOp {

  /**
   * The selected parts by input index; an input missing here (because the op reads it whole) enters
   * the key by its own key.
   */
  Map<Integer, List<ContentSelector>> contentSelectors();
}
