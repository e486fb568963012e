package dev.strata.build.serve;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.ops.Session;
import dev.strata.build.worker.BuildRequest;
import dev.strata.build.worker.WorkerConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A build handed to the daemon: the request, and the worker it was meant for, which the daemon checks
 * against its own. Paths are host paths: client and daemon share the machine.
 *
 * @param maxParallelism the client's {@code --max-parallelism}, or null when it gave none
 */
record ServeRequest(
    String root,
    String snapshotterAddress,
    Integer maxParallelism,
    byte[] definition,
    Map<String, String> locals,
    Map<String, String> secrets,
    List<String> entitlements,
    List<String> insecureRegistries,
    List<String> outputs,
    Map<String, String> ociLayouts) {

  static ServeRequest of(WorkerConfig config, Integer maxParallelism, BuildRequest request) {
    Session session = request.session();
    return new ServeRequest(
        config.root().toString(),
        config.snapshotterAddress().map(Path::toString).orElse(null),
        maxParallelism,
        request.definition().definition().toByteArray(),
        paths(session.locals()),
        paths(session.secrets()),
        session.entitlements().stream().map(Enum::name).sorted().toList(),
        request.insecureRegistries().stream().sorted().toList(),
        request.outputs(),
        paths(session.ociLayouts()));
  }

  BuildRequest toBuildRequest() {
    Session session = new Session(
        hostPaths(locals),
        hostPaths(secrets),
        entitlements.stream().map(Session.Entitlement::valueOf).collect(Collectors.toSet()),
        hostPaths(ociLayouts));
    return new BuildRequest(LlbDefinition.parse(definition), session, Set.copyOf(insecureRegistries), outputs);
  }

  private static Map<String, String> paths(Map<String, Path> paths) {
    Map<String, String> strings = new TreeMap<>();
    paths.forEach((name, path) -> strings.put(name, path.toAbsolutePath().toString()));
    return strings;
  }

  private static Map<String, Path> hostPaths(Map<String, String> strings) {
    Map<String, Path> paths = new TreeMap<>();
    strings.forEach((name, path) -> paths.put(name, Path.of(path)));
    return paths;
  }
}
