package dev.strata.build.exec;

/** LLB's SecurityMode: the default sandbox, or all capabilities and no masked paths. */
public enum SecurityMode {
    SANDBOX,
    /** Only honoured when the executor is configured to allow it. */
    INSECURE
}
