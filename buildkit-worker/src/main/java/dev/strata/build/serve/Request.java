package dev.strata.build.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The one line a client sends: a build, or a command line to run on the daemon's worker. */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Request(ServeRequest build, List<String> command) {}
