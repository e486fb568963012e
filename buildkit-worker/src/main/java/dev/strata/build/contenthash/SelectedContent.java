package dev.strata.build.contenthash;

import dev.strata.build.ops.ContentSelector;
import dev.strata.build.ops.file.CopyFilter;
import dev.strata.build.ops.file.RootPath;
import dev.strata.build.ops.file.Wildcards;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The digest of what {@link ContentSelector}s select in a file tree: each selector, the paths its
 * wildcards match, and the trees at those paths as its patterns filter them.
 */
public final class SelectedContent {
  private SelectedContent() {}

  /** The digest of the content {@code selectors} select in the tree at {@code root}, owners included. */
  public static String digest(Path root, List<ContentSelector> selectors, FileDigestCache files) throws IOException {
    TreeDigest digest = new TreeDigest(files, true);
    for (ContentSelector selector : selectors) {
      digest.addField(selector.toString());
      List<String> matches =
          selector.allowWildcard()
              ? Wildcards.resolve(root, selector.path(), selector.followSymlink())
              : List.of(selector.path());
      CopyFilter filter = new CopyFilter(selector.includePatterns(), selector.excludePatterns());
      for (String match : matches) {
        digest.addField(match);
        digest.addTree(RootPath.resolve(root, match, selector.followSymlink()), filter);
      }
    }
    return digest.digest();
  }
}
