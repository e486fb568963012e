package dev.strata.build.frontend.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.CacheSharingOpt;
import dev.strata.build.llb.pb.ExecOp;
import dev.strata.build.llb.pb.FileActionCopy;
import dev.strata.build.llb.pb.Mount;
import dev.strata.build.llb.pb.MountType;
import dev.strata.build.llb.pb.NetMode;
import dev.strata.build.llb.pb.Op;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each instruction and flag converted: the ops it makes and what lands in the image config. */
class DockerfileFrontendTest {
  private static final String FROM = "FROM 127.0.0.1:5000/library/busybox:test\n";

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(node -> out.add(node.asText()));
    return out;
  }

  private static ExecOp exec(Converted converted, String name) {
    return converted.named(name).op().getExec();
  }

  private static Mount mountAt(ExecOp exec, String dest) {
    return exec.getMountsList().stream().filter(m -> m.getDest().equals(dest)).findFirst().orElseThrow();
  }

  @Test
  void runUsesShellEnvWorkdirAndUserOfTheStage() throws IOException {
    Converted c = Converted.of(FROM + "ENV A=1\nWORKDIR /w\nUSER 10:20\nSHELL [\"/bin/ash\", \"-ec\"]\nRUN echo $A\n");

    ExecOp exec = exec(c, "[3/3] RUN echo 1");
    assertEquals(List.of("/bin/ash", "-ec", "echo $A"), exec.getMeta().getArgsList());
    assertEquals(List.of("PATH=/bin", "A=1"), exec.getMeta().getEnvList());
    assertEquals("/w", exec.getMeta().getCwd());
    assertEquals("10:20", exec.getMeta().getUser());
    FileActionMkdirCheck.assertMkdir(c.named("[2/3] WORKDIR /w"), "/w");
  }

  @Test
  void runInJsonFormIsNotWrappedInAShell() throws IOException {
    Converted c = Converted.of(FROM + "RUN [\"echo\", \"a b\"]\n");

    assertEquals(List.of("echo", "a b"), exec(c, "[2/2] RUN [\"echo\", \"a b\"]").getMeta().getArgsList());
  }

  @Test
  void runNetworkFlagSetsTheExecNetwork() throws IOException {
    Converted c = Converted.of(FROM + "RUN --network=none a\nRUN --network=host b\nRUN c\n");

    assertEquals(NetMode.NONE, exec(c, "[2/4] RUN --network=none a").getNetwork());
    assertEquals(NetMode.HOST, exec(c, "[3/4] RUN --network=host b").getNetwork());
    assertEquals(NetMode.UNSET, exec(c, "[4/4] RUN c").getNetwork());
  }

  @Test
  void runMountsBindCacheTmpfsAndSecret() throws IOException {
    Converted c = Converted.of(FROM + "FROM " + SampleBase.REF + " AS other\n" + FROM
        + "RUN --mount=type=bind,from=other,source=/etc,target=/e "
        + "--mount=type=cache,target=/root/.cache,sharing=locked "
        + "--mount=type=tmpfs,target=/t,size=1m "
        + "--mount=type=secret,id=tok,required "
        + "--mount=type=bind,source=src,target=src,rw true\n");

    ExecOp exec = c.ops(Op.OpCase.EXEC).get(0).op().getExec();
    Mount bind = mountAt(exec, "/e");
    assertEquals(MountType.BIND, bind.getMountType());
    assertTrue(bind.getReadonly());
    assertEquals("/etc", bind.getSelector());
    Mount cache = mountAt(exec, "/root/.cache");
    assertEquals(MountType.CACHE, cache.getMountType());
    assertEquals("//root/.cache", cache.getCacheOpt().getID());
    assertEquals(CacheSharingOpt.LOCKED, cache.getCacheOpt().getSharing());
    assertEquals(1024 * 1024, mountAt(exec, "/t").getTmpfsOpt().getSize());
    Mount secret = mountAt(exec, "/run/secrets/tok");
    assertEquals("tok", secret.getSecretOpt().getID());
    assertFalse(secret.getSecretOpt().getOptional());
    Mount context = mountAt(exec, "/src");
    assertFalse(context.getReadonly());
    assertEquals(-1, context.getOutput());
    assertEquals("/src", context.getSelector());
    // as in BuildKit, a mount without from= other than a cache (here the tmpfs) reads the whole context
    assertFalse(c.attrs("local://context").containsKey("local.followpaths"));
  }

  @Test
  void copyFromTheContextWithChownChmodAndExclude() throws IOException {
    Converted c = Converted.of(ConvertRequest.builder(FROM + "WORKDIR /app\nCOPY --chown=app:1 --chmod=640 "
        + "--exclude=*.tmp a.txt dir/ ./\n").excludes(List.of("secret", "!keep")));

    Vertex copy = c.named("[3/3] COPY --chown=app:1 --chmod=640 --exclude=*.tmp a.txt dir/ ./");
    List<FileActionCopy> copies = copy.op().getFile().getActionsList().stream().map(a -> a.getCopy()).toList();
    assertEquals(List.of("/a.txt", "/dir"), copies.stream().map(FileActionCopy::getSrc).toList());
    assertEquals("/app/", copies.get(0).getDest());
    assertEquals(0640, copies.get(0).getMode());
    assertEquals("app", copies.get(0).getOwner().getUser().getByName().getName());
    assertEquals(1, copies.get(0).getOwner().getGroup().getByID());
    assertEquals(List.of("*.tmp"), copies.get(0).getExcludePatternsList());
    Map<String, String> attrs = c.attrs("local://context");
    assertEquals("[\"a.txt\",\"dir\"]", attrs.get("local.followpaths"));
    assertEquals("[\"secret\",\"!keep\"]", attrs.get("local.excludepatterns"));
    assertEquals("context", attrs.get("local.sharedkeyhint"));
    assertEquals("[internal] load build context", c.source("local://context").customName().orElseThrow());
  }

  @Test
  void copyLinkIsAMergeOfTheStageAndTheCopiedLayer() throws IOException {
    Converted c = Converted.of(FROM + "COPY --link a /a\n");

    Vertex merge = c.named("[2/2] LINK COPY --link a /a");
    assertEquals(Op.OpCase.MERGE, merge.op().getOpCase());
    assertEquals(2, merge.op().getMerge().getInputsCount());
    Vertex layer = merge.inputs().get(1).vertex();
    assertEquals(-1, layer.op().getFile().getActions(0).getInput());
  }

  @Test
  void addExtractsLocalArchivesAndDownloadsUrlsWithChecksum() throws IOException {
    String sum = "sha256:" + "a".repeat(64);
    Converted c = Converted.of(FROM + "ADD app.tar.gz /opt/\nADD --checksum=" + sum + " https://example.com/f.bin /f\n");

    assertTrue(c.named("[2/3] ADD app.tar.gz /opt/").op().getFile().getActions(0).getCopy()
        .getAttemptUnpackDockerCompatibility());
    Vertex http = c.source("https://example.com/f.bin");
    assertEquals(Map.of("http.checksum", sum, "http.filename", "f.bin"), http.op().getSource().getAttrsMap());
    FileActionCopy download = c.named("[3/3] ADD --checksum=" + sum + " https://example.com/f.bin /f").op().getFile()
        .getActions(0).getCopy();
    assertEquals("/f.bin", download.getSrc());
    assertFalse(download.getAttemptUnpackDockerCompatibility());
  }

  @Test
  void heredocsBecomeInlineFilesAndScripts() throws IOException {
    Converted c = Converted.of("ARG WHO=world\n" + FROM + "ARG WHO\nCOPY <<EOF /greeting\nhello $WHO\nEOF\n"
        + "RUN <<EOF\n#!/bin/sh\necho hi\nEOF\n");

    Vertex inline = c.ops(Op.OpCase.FILE).stream()
        .filter(v -> v.customName().orElse("").equals("[internal] preparing inline document")
            && v.op().getFile().getActions(0).getMkfile().getPath().equals("/EOF")
            && v.op().getFile().getActions(0).getMkfile().getMode() == 0664)
        .findFirst().orElseThrow();
    assertEquals("hello world\n", inline.op().getFile().getActions(0).getMkfile().getData().toStringUtf8());
    ExecOp script = exec(c, "[3/3] RUN <<EOF (#!/bin/sh...)");
    assertEquals(List.of("/bin/sh", "-c", "/dev/pipes/EOF"), script.getMeta().getArgsList());
    assertEquals("/", mountAt(script, "/dev/pipes/").getSelector());
  }

  @Test
  void imageConfigCarriesEveryMetadataInstruction() throws IOException {
    Converted c = Converted.of(ConvertRequest.builder(FROM + "ARG V=1\nENV PATH=/usr/bin:/bin HOME=/h\n"
        + "LABEL a=b \"c d\"=\"e f\"\nUSER nobody\nEXPOSE 80 53/udp 8000-8001\nVOLUME /data /logs\n"
        + "ENTRYPOINT [\"/bin/app\"]\nCMD serve $V\nHEALTHCHECK --interval=30s --retries=3 CMD wget -q x\n"
        + "STOPSIGNAL SIGTERM\nONBUILD RUN echo later\nWORKDIR rel\n").buildArg("V", "2").label("org.x", "y"));

    JsonNode config = c.config();
    assertEquals(List.of("PATH=/usr/bin:/bin", "HOME=/h"), strings(config.get("Env")));
    assertEquals("b", config.get("Labels").get("a").asText());
    assertEquals("e f", config.get("Labels").get("c d").asText());
    assertEquals("y", config.get("Labels").get("org.x").asText());
    assertEquals("nobody", config.get("User").asText());
    assertEquals(List.of("53/udp", "80/tcp", "8000/tcp", "8001/tcp"), List.copyOf(iterable(config.get("ExposedPorts"))));
    assertEquals(List.of("/data", "/logs"), List.copyOf(iterable(config.get("Volumes"))));
    assertEquals(List.of("/bin/app"), strings(config.get("Entrypoint")));
    assertEquals(List.of("/bin/sh", "-c", "serve $V"), strings(config.get("Cmd")));
    assertEquals(List.of("CMD-SHELL", "wget -q x"), strings(config.get("Healthcheck").get("Test")));
    assertEquals(30_000_000_000L, config.get("Healthcheck").get("Interval").asLong());
    assertEquals(3, config.get("Healthcheck").get("Retries").asInt());
    assertEquals("SIGTERM", config.get("StopSignal").asText());
    assertEquals(List.of("RUN echo later"), strings(config.get("OnBuild")));
    assertEquals("/rel", config.get("WorkingDir").asText());
    List<String> history = new ArrayList<>();
    c.image().get("history").forEach(h -> history.add(h.get("created_by").asText()));
    assertEquals(List.of("busybox-static from Debian", "os-release and extras", "ARG V=1",
        "ENV PATH=/usr/bin:/bin HOME=/h", "LABEL a=b c d=e f", "USER nobody",
        "EXPOSE map[53/udp:{} 80/tcp:{} 8000/tcp:{} 8001/tcp:{}]", "VOLUME [/data /logs]",
        "ENTRYPOINT [\"/bin/app\"]", "CMD [\"/bin/sh\" \"-c\" \"serve $V\"]",
        "HEALTHCHECK &{[\"CMD-SHELL\" \"wget -q x\"] \"30s\" \"0s\" \"0s\" '\\x03'}", "STOPSIGNAL SIGTERM",
        "WORKDIR /rel"), history);
  }

  private static List<String> iterable(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void argsReachRunsAsEnvAndBuildArgsOverrideThem() throws IOException {
    Converted c = Converted.of(ConvertRequest.builder("ARG BASE=127.0.0.1:5000/library/busybox:test\nARG G=global\n"
        + "FROM $BASE\nARG G\nARG L=local\nRUN echo $G $L\n").buildArg("L", "cli"));

    ExecOp exec = exec(c, "[2/2] RUN echo global cli");
    assertEquals(List.of("PATH=/bin", "G=global", "L=cli"), exec.getMeta().getEnvList());
    JsonNode last = c.image().get("history").get(4);
    assertEquals("RUN |2 G=global L=cli /bin/sh -c echo $G $L # buildkit", last.get("created_by").asText());
  }

  @Test
  void onbuildTriggersOfTheBaseImageRunFirstAndAreNotInherited() throws IOException {
    Converted c = Converted.of("FROM onbuild\nRUN after\n");

    List<List<String>> runs = c.ops(Op.OpCase.EXEC).stream().map(v -> v.op().getExec().getMeta().getArgsList())
        .map(List::copyOf).toList();
    assertEquals(List.of(List.of("/bin/sh", "-c", "echo triggered"), List.of("/bin/sh", "-c", "after")), runs);
    assertTrue(c.ops(Op.OpCase.EXEC).get(1).op().getExec().getMeta().getEnvList().contains("FROM_TRIGGER=1"));
    assertTrue(strings(c.config().get("Env")).contains("FROM_TRIGGER=1"));
    assertTrue(c.config().get("OnBuild").isNull());
    assertEquals(List.of(Converted.ONBUILD_REF), c.resolved());
  }

  @Test
  void onbuildTriggersCountInTheStepTotal() throws IOException {
    Converted c = Converted.of("FROM onbuild\nRUN after\n");

    c.named("[2/3] RUN echo triggered");
    c.named("[3/3] RUN after");
  }

  @Test
  void targetLeavesUnneededStagesOutAndDoesNotResolveTheirBases() throws IOException {
    Converted c = Converted.of(ConvertRequest.builder("FROM onbuild AS unused\nRUN x\n" + FROM.trim()
        + " AS wanted\nRUN y\nFROM wanted\nRUN z\n").target("wanted"));

    assertEquals(List.of("[wanted 1/2] FROM 127.0.0.1:5000/library/busybox:test@" + SampleBase.DIGEST,
        "[wanted 2/2] RUN y", ""), c.names());
    assertEquals(List.of(SampleBase.REF), c.resolved());
  }

  @Test
  void stagesByNameAndIndexScratchAndPlatform() throws IOException {
    Converted c = Converted.of("FROM --platform=linux/arm64 127.0.0.1:5000/library/busybox:test AS a\nRUN x\n"
        + "FROM scratch\nCOPY --from=0 /a /a\nCOPY --from=a /b /b\n");

    Vertex second = c.named("[stage-1 2/2] COPY --from=a /b /b");
    Vertex first = c.named("[stage-1 1/2] COPY --from=0 /a /a");
    assertEquals(-1, first.op().getFile().getActions(0).getInput());
    assertEquals("arm64", c.named("[a 2/2] RUN x").op().getPlatform().getArchitecture());
    assertEquals(first, second.inputs().get(0).vertex());
    assertEquals("/", c.config().get("WorkingDir").asText());
  }

  @Test
  void theImageTakesTheRequestedPlatform() throws IOException {
    Converted c = Converted.of(ConvertRequest.builder(FROM + "RUN x\n").platform(Converted.arm64()));

    assertEquals("arm64", c.image().get("architecture").asText());
    assertEquals("arm64", c.ops(Op.OpCase.EXEC).get(0).op().getPlatform().getArchitecture());
  }

  @Test
  void stepNumbersArePaddedToTheWidthOfTheTotal() throws IOException {
    Converted c = Converted.of(FROM + "RUN a\n".repeat(10));

    assertEquals("[ 2/11] RUN a", c.ops(Op.OpCase.EXEC).get(0).customName().orElseThrow());
    assertEquals("[ 1/11] FROM 127.0.0.1:5000/library/busybox:test@" + SampleBase.DIGEST,
        c.source("docker-image://").customName().orElseThrow());
  }

  @Test
  void aCacheMountWithOwnerStartsFromADirectoryWithThatOwnerAndMode() throws IOException {
    Converted c = Converted.of(FROM + "RUN --mount=type=cache,target=/c,uid=1000,gid=1000,mode=0700 x\n");

    Vertex permissions = c.named("[internal] settings cache mount permissions");
    assertEquals(0700, permissions.op().getFile().getActions(0).getMkdir().getMode());
    assertEquals(1000, permissions.op().getFile().getActions(0).getMkdir().getOwner().getUser().getByID());
    assertEquals("/cache", mountAt(c.ops(Op.OpCase.EXEC).get(0).op().getExec(), "/c").getSelector());
  }
}
