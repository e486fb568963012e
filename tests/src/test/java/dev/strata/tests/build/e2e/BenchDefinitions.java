package dev.strata.tests.build.e2e;

import dev.strata.build.llb.client.ExecBuilder;
import dev.strata.build.llb.client.FileAction;
import dev.strata.build.llb.client.Llb;
import dev.strata.build.llb.client.LocalOptions;
import dev.strata.build.llb.client.OpOptions;
import dev.strata.build.llb.client.State;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The LLB of tests/bench/build's three workloads, as their Dockerfiles in that folder would
 * convert: two parallel stages that each sleep 1 s, 20 RUN layers, a COPY of the context's
 * {@code files} folder (local source {@code context}).
 *
 * <p>Usage: {@code BenchDefinitions OUT_DIR BASE_IMAGE_REF} writes OUT_DIR/NAME.pb for each workload.
 */
public final class BenchDefinitions {
    static final int RUN_LAYERS = 20;

    private BenchDefinitions() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BenchDefinitions OUT_DIR BASE_IMAGE_REF");
            System.exit(2);
        }
        Path out = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, State> workload : workloads(args[1]).entrySet()) {
            Files.write(out.resolve(workload.getKey() + ".pb"), workload.getValue().marshalBytes());
        }
    }

    static Map<String, State> workloads(String baseImage) {
        return Map.of(
                "parallel-stages", parallelStages(baseImage),
                "run-layers", runLayers(baseImage),
                "copy-files", copyFiles(baseImage));
    }

    static State parallelStages(String baseImage) {
        State a = base(baseImage).run(ExecBuilder.shell("echo a > /a && sleep 1")
                .options(OpOptions.named("[a 1/1] RUN echo a > /a && sleep 1"))).root();
        State b = base(baseImage).run(ExecBuilder.shell("echo b > /b && sleep 1")
                .options(OpOptions.named("[b 1/1] RUN echo b > /b && sleep 1"))).root();
        return base(baseImage)
                .file(OpOptions.named("[stage-2 1/2] COPY --from=a /a /a"), FileAction.copy(a, "/a", "/a"))
                .file(OpOptions.named("[stage-2 2/2] COPY --from=b /b /b"), FileAction.copy(b, "/b", "/b"));
    }

    static State runLayers(String baseImage) {
        State state = base(baseImage);
        for (int i = 1; i <= RUN_LAYERS; i++) {
            String command = "echo " + i + " > /layer" + i;
            state = state.run(ExecBuilder.shell(command)
                    .options(OpOptions.named("[" + i + "/" + RUN_LAYERS + "] RUN " + command))).root();
        }
        return state;
    }

    static State copyFiles(String baseImage) {
        State context = Llb.local("context", LocalOptions.defaults().withFollowPaths(List.of("files")).withSharedKeyHint("context"),
                OpOptions.named("load build context"));
        return base(baseImage).file(OpOptions.named("[1/1] COPY files /files"),
                FileAction.copy(context, "/files", "/files").dirCopyContents().createDestPath().allowWildcard());
    }

    private static State base(String baseImage) {
        return Llb.image(baseImage, OpOptions.named("[internal] load " + baseImage));
    }
}
