package dev.strata.build.ops;

import dev.strata.build.llb.pb.Op;

/** What an op does, as far as picking its implementation goes: its type, and a source's scheme. */
public enum OpKind {
  EXEC("exec"),
  FILE("file"),
  MERGE("merge"),
  DIFF("diff"),
  BUILD("build"),
  PASSTHROUGH("passthrough"),
  SOURCE_IMAGE("source docker-image"),
  SOURCE_LOCAL("source local"),
  SOURCE_GIT("source git"),
  SOURCE_HTTP("source http"),
  SOURCE_OCI_LAYOUT("source oci-layout"),
  SOURCE_OTHER("source"),
  NONE("without type");

  private final String displayName;

  OpKind(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }

  public static OpKind of(Op op) {
    return switch (op.getOpCase()) {
      case EXEC -> EXEC;
      case FILE -> FILE;
      case MERGE -> MERGE;
      case DIFF -> DIFF;
      case BUILD -> BUILD;
      case PASSTHROUGH -> PASSTHROUGH;
      case SOURCE -> ofSource(op.getSource().getIdentifier());
      case OP_NOT_SET -> NONE;
    };
  }

  private static OpKind ofSource(String identifier) {
    int colon = identifier.indexOf("://");
    String scheme = colon < 0 ? "" : identifier.substring(0, colon);
    return switch (scheme) {
      case "docker-image" -> SOURCE_IMAGE;
      case "local" -> SOURCE_LOCAL;
      case "git" -> SOURCE_GIT;
      case "http", "https" -> SOURCE_HTTP;
      case "oci-layout" -> SOURCE_OCI_LAYOUT;
      default -> SOURCE_OTHER;
    };
  }
}
