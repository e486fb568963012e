package dev.strata.build.ops.file;

/** A numeric owner for files an action creates. */
public record FileOwner(int uid, int gid) {}
