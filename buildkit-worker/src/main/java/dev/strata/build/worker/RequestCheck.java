package dev.strata.build.worker;

import dev.strata.build.ops.OpKind;

/**
 * Rejects a request whose options nothing in this worker would consume, before anything runs: the
 * user learns that an option is not honoured instead of getting a build that silently ignored it.
 */
final class RequestCheck {
  private final WorkerOps ops;

  RequestCheck(WorkerOps ops) {
    this.ops = ops;
  }

  void check(BuildRequest request) {
    if (!request.outputs().isEmpty()) {
      throw new UnsupportedOptionException("--output", "no exporter is part of this worker yet");
    }
    requireOp(!request.insecureRegistries().isEmpty(), "--insecure-registry", OpKind.SOURCE_IMAGE);
    requireOp(!request.session().locals().isEmpty(), "--local", OpKind.SOURCE_LOCAL);
    requireOp(!request.session().secrets().isEmpty(), "--secret", OpKind.EXEC);
    requireOp(!request.session().entitlements().isEmpty(), "--allow", OpKind.EXEC);
  }

  private void requireOp(boolean used, String option, OpKind consumer) {
    if (used && !ops.handles(consumer)) {
      throw new UnsupportedOptionException(option, "this worker has no " + consumer.displayName() + " op to use it");
    }
  }
}
