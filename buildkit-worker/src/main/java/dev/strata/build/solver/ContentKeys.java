package dev.strata.build.solver;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.contenthash.SelectedContent;
import dev.strata.build.ops.CommittedSnapshot;
import dev.strata.build.ops.ContentSelector;
import dev.strata.build.ops.MountedSnapshot;
import dev.strata.build.ops.OpContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The second key of a vertex whose op reads only parts of some inputs: the inputs' keys with each such
 * input's replaced by the digest of the selected content of its result, as BuildKit's
 * ComputeDigestFunc does. Unlike the definition key it needs the inputs' results, so the solver asks
 * for it only when the definition key misses. Committed snapshots never change, so digests are
 * remembered by snapshot and selectors for the life of the solver, and file digests in the
 * {@link FileDigestCache} that local sources seed with the files they copy.
 */
final class ContentKeys {
  private static final String CONTENT_PREFIX = "content:";

  private final FileDigestCache files;
  private final ConcurrentMap<String, String> digests = new ConcurrentHashMap<>();

  ContentKeys(FileDigestCache files) {
    this.files = files;
  }

  /**
   * The content key of {@code vertex} on {@code inputs} whose keys are {@code inputKeys}, or empty when
   * its op reads every input whole.
   */
  Optional<String> of(PlannedVertex vertex, List<String> inputKeys, List<CommittedSnapshot> inputs, OpContext context)
      throws IOException {
    if (vertex.selectors().isEmpty()) {
      return Optional.empty();
    }
    List<String> keys = new ArrayList<>(inputKeys);
    for (Map.Entry<Integer, List<ContentSelector>> selected : vertex.selectors().entrySet()) {
      CommittedSnapshot input = inputs.get(selected.getKey());
      keys.set(selected.getKey(), CONTENT_PREFIX + digest(input, selected.getValue(), context));
    }
    return Optional.of(vertex.cacheKeyOn(keys));
  }

  private String digest(CommittedSnapshot input, List<ContentSelector> selectors, OpContext context)
      throws IOException {
    String memoKey = input.name() + "\0" + selectors;
    String known = digests.get(memoKey);
    if (known != null) {
      return known;
    }
    String digest;
    try (MountedSnapshot view = MountedSnapshot.readOnly(context, input)) {
      digest = SelectedContent.digest(view.dir(), selectors, files);
    }
    digests.put(memoKey, digest);
    return digest;
  }
}
