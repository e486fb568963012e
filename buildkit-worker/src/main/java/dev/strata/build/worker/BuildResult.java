package dev.strata.build.worker;

import dev.strata.build.export.ExportResult;
import dev.strata.build.ops.CommittedSnapshot;
import java.util.List;

/**
 * What a build gave.
 *
 * @param result the solved result, owned by the cache
 * @param exports one result per output, in the request's order
 */
public record BuildResult(CommittedSnapshot result, List<ExportResult> exports) {
  public BuildResult {
    exports = List.copyOf(exports);
  }
}
