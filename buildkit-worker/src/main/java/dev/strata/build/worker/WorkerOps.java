package dev.strata.build.worker;

import dev.strata.build.image.ContentStore;
import dev.strata.build.image.ImageIndex;
import dev.strata.build.ops.OpFactory;
import dev.strata.build.ops.OpKind;
import dev.strata.build.ops.OpResolver;
import dev.strata.build.ops.file.FileOp;
import java.util.EnumSet;
import java.util.Set;

/**
 * The one place where the worker's ops are registered: one line per op. What is registered here also
 * decides which request options a worker accepts ({@link RequestCheck}).
 */
final class WorkerOps {
  private final OpResolver.Builder resolver = OpResolver.builder();
  private final Set<OpKind> kinds = EnumSet.noneOf(OpKind.class);

  private WorkerOps() {}

  /** The ops of a worker whose images live in {@code content} and {@code images}. */
  static WorkerOps standard(ContentStore content, ImageIndex images) {
    return new WorkerOps()
        .register(OpKind.FILE, FileOp::of);
  }

  private WorkerOps register(OpKind kind, OpFactory factory) {
    resolver.register(kind, factory);
    kinds.add(kind);
    return this;
  }

  OpResolver resolver() {
    return resolver.build();
  }

  boolean handles(OpKind kind) {
    return kinds.contains(kind);
  }
}
