package dev.strata.build.worker;

import dev.strata.build.contenthash.FileDigestCache;
import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.image.Platform;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.exec.ExecOps;
import dev.strata.build.ops.file.FileOp;
import dev.strata.build.ops.local.LocalSourceOp;
import dev.strata.build.ops.snapshot.DiffOp;
import dev.strata.build.ops.snapshot.MergeOp;
import dev.strata.build.ops.source.HttpSources;
import dev.strata.build.ops.source.ImageSources;
import dev.strata.build.ops.source.OciLayoutSources;
import java.net.http.HttpClient;
import java.util.Set;

/** The one place where the worker's ops are registered: one line per op. */
final class WorkerOps {
  private WorkerOps() {}

  /**
   * The ops of a worker whose images live in {@code content} and {@code images}, running processes with
   * {@code exec}, reading context files through {@code files}, and reaching {@code insecureRegistries}
   * over plain HTTP.
   */
  static OpResolver standard(
      ContentStore content, ImageIndex images, ExecOps exec, FileDigestCache files, Set<String> insecureRegistries) {
    Platform platform = Platform.host();
    return OpResolver.builder()
        .register(OpKind.FILE, FileOp.factory(files))
        .register(OpKind.EXEC, exec.factory())
        .register(OpKind.MERGE, MergeOp::of)
        .register(OpKind.DIFF, DiffOp::of)
        .register(OpKind.SOURCE_LOCAL, LocalSourceOp.factory(files))
        .register(OpKind.SOURCE_IMAGE, new ImageSources(content, images, insecureRegistries, platform).factory())
        .register(OpKind.SOURCE_OCI_LAYOUT, new OciLayoutSources(content, platform).factory())
        .register(OpKind.SOURCE_HTTP, new HttpSources(content, HttpClient.newHttpClient()).factory())
        .build();
  }
}
