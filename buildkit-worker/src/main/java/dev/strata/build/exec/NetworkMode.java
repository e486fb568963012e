package dev.strata.build.exec;

/** The network an exec sees, as LLB's NetMode NONE and HOST. */
public enum NetworkMode {
    /** A fresh network namespace with only the loopback interface up. */
    NONE,
    /** The host's network namespace. */
    HOST
}
