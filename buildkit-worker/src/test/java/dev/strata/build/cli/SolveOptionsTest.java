package dev.strata.build.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.strata.build.llb.LlbDefinition;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.ops.Session;
import dev.strata.build.progress.ProgressMode;
import dev.strata.build.worker.BuildRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SolveOptionsTest {
  @TempDir Path dir;
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private SolveCommand parse(String... args) {
    CommandLine commandLine = Main.commandLine(System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
    CommandLine.ParseResult result = commandLine.parseArgs(args);
    return (SolveCommand) result.subcommand().commandSpec().userObject();
  }

  private int run(String... args) {
    return Main.run(args, System.out, new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  private static LlbDefinition definition() {
    return LlbDefinition.parse(Llb.scratch().file(FileAction.mkdir("/a", 0755)).marshalBytes());
  }

  @Test
  void everyOptionReachesTheBuildRequest() throws IOException {
    Path context = Files.createDirectories(dir.resolve("context"));
    Path token = Files.writeString(dir.resolve("token"), "s3cret");
    SolveCommand solve = parse("--root", dir.resolve("root").toString(), "solve",
        "--llb", "def.pb",
        "--local", "context=" + context,
        "--secret", "id=token,src=" + token,
        "--allow", "network.host", "--allow", "security.insecure",
        "--insecure-registry", "127.0.0.1:5000",
        "--output", "type=oci,dest=out.tar", "--output", "type=local,dest=out",
        "--progress", "rawjson",
        "--max-parallelism", "3");

    BuildRequest request = solve.request(definition());

    assertEquals(Map.of("context", context), request.session().locals());
    assertEquals(Map.of("token", token), request.session().secrets());
    assertEquals(Set.of(Session.Entitlement.NETWORK_HOST, Session.Entitlement.SECURITY_INSECURE),
        request.session().entitlements());
    assertEquals(Set.of("127.0.0.1:5000"), request.insecureRegistries());
    Path cwd = Path.of("").toAbsolutePath();
    assertEquals(List.of("type=oci,dest=" + cwd.resolve("out.tar"), "type=local,dest=" + cwd.resolve("out")),
        request.outputs());
    assertEquals(ProgressMode.RAWJSON, solve.options.progress);
    assertEquals(3, solve.main.workerConfig(solve.options.maxParallelism).maxParallelism());
    assertEquals(dir.resolve("root"), solve.main.workerConfig(null).root());
  }

  @Test
  void defaultsReadStdinWithAutoProgressAndAnEmptySession() {
    SolveCommand solve = parse("solve");

    BuildRequest request = solve.request(definition());

    assertEquals("-", solve.llb);
    assertEquals(ProgressMode.AUTO, solve.options.progress);
    assertEquals(Session.EMPTY, request.session());
    assertEquals(List.of(), request.outputs());
    assertEquals(Path.of("/var/lib/strata-build"), solve.main.workerConfig(null).root());
  }

  @Test
  void secretsAcceptBuildctlsSourceSpelling() throws IOException {
    Path token = Files.writeString(dir.resolve("token"), "s3cret");

    assertEquals(new SecretFile("token", token), SecretFile.parse("id=token,source=" + token));
  }

  @Test
  void badValuesAreUsageErrors() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "x");
    String root = dir.resolve("root").toString();

    assertEquals(2, run("--root", root, "solve", "--local", "context"));
    assertEquals(2, run("--root", root, "solve", "--local", "context=" + dir.resolve("missing")));
    assertEquals(2, run("--root", root, "solve", "--secret", "id=token"));
    assertEquals(2, run("--root", root, "solve", "--secret", "id=token,src=" + file + ",env=TOKEN"));
    assertEquals(2, run("--root", root, "solve", "--allow", "everything"));
    assertEquals(2, run("--root", root, "solve", "--insecure-registry", "http://localhost:5000"));
    assertEquals(2, run("--root", root, "solve", "--insecure-registry", "localhost"));
    assertEquals(2, run("--root", root, "solve", "--progress", "fancy"));
    assertEquals(2, run("--root", root, "solve", "--max-parallelism", "many"));
    assertEquals(2, run("--root", root, "solve", "--max-parallelism", "0"));
    assertEquals(2, run("--root", root, "serve", "--max-parallelism", "0"));
    assertEquals(2, run("--root", root, "bake"));
    assertEquals(2, run("--root", root));
  }

  @Test
  void aLocalNameGivenTwiceIsAUsageError() {
    SolveCommand solve = parse("solve", "--local", "context=" + dir, "--local", "context=" + dir);

    assertThrows(CommandLine.ParameterException.class, () -> solve.request(definition()));
  }

  @Test
  void parsersRejectMalformedSpecs() {
    assertThrows(IllegalArgumentException.class, () -> NamedDirectory.parse("=dir"));
    assertThrows(IllegalArgumentException.class, () -> SecretFile.parse("src=/etc/hostname"));
    assertThrows(IllegalArgumentException.class, () -> Entitlements.parse("network.none"));
    assertThrows(IllegalArgumentException.class, () -> RegistryHost.parse("localhost:0"));
  }
}
