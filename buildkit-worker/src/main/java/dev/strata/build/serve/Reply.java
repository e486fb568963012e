package dev.strata.build.serve;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One line from the daemon: a progress event, or the build's outcome, which is the last line. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Reply(EventMessage event, Outcome outcome) {}
