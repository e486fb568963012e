package dev.strata.build.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.build.exec.RuntimeSpec.SpecMount;
import dev.strata.build.exec.SpecGenerator.StateFiles;
import dev.strata.overlay.Mounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one exec at a time per call through runc, as BuildKit's runcexecutor does: mount the root
 * snapshot in a fresh bundle, resolve the user, write /etc/hosts, /etc/resolv.conf and config.json,
 * {@code runc run} in the foreground, then undo everything in one place (delete the container,
 * remove mount stubs, unmount, remove the bundle), also when runc fails or the thread is interrupted.
 *
 * <p>State layout: {@code <stateDir>/runc} is runc's {@code --root}; {@code <stateDir>/bundles/<id>}
 * is one exec's bundle, holding {@code rootfs/}, {@code config.json}, {@code hosts},
 * {@code resolv.conf} and the mounts made for it.
 */
public final class RuncExecutor {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExecutorConfig config;
    private final Mounter mounter;
    private final Runc runc;
    private final SpecGenerator specGenerator;
    private final Path bundles;

    private RuncExecutor(ExecutorConfig config, Mounter mounter, HostFacts host) {
        this.config = config;
        this.mounter = mounter;
        this.runc = new Runc(config.runcCommand(), config.stateDir().resolve("runc"));
        this.specGenerator = new SpecGenerator(host, config.allowInsecure());
        this.bundles = config.stateDir().resolve("bundles");
    }

    public static RuncExecutor create(ExecutorConfig config, Mounter mounter) throws IOException {
        Files.createDirectories(config.stateDir().resolve("runc"));
        Files.createDirectories(config.stateDir().resolve("bundles"));
        return new RuncExecutor(config, mounter, HostFacts.probe());
    }

    /**
     * Runs {@code exec}, sending each output line to {@code output}. Returns when the process exited 0;
     * writes to a writable root land in the root snapshot.
     *
     * @throws ExecFailedException the process exited non-zero; carries the code and the last lines
     * @throws dev.strata.snapshots.InvalidArgumentException the user is unknown, or insecure mode is not allowed
     * @throws IOException mounting, writing the bundle, runc or the cleanup failed
     */
    public void run(ExecSpec exec, Consumer<String> output) throws IOException, InterruptedException, ExecFailedException {
        String id = HexFormat.of().formatHex(randomBytes());
        OutputTail tail = new OutputTail(config.outputTailLines());
        int exitCode;
        try (CleanupStack cleanup = new CleanupStack()) {
            Path bundle = createDirectory(bundles.resolve(id), cleanup);
            StateFiles files = prepareRoot(exec, bundle, cleanup);
            ResolvedUser user = UserResolver.resolve(files.rootfs(), exec.user());
            List<SpecMount> mounts = new ContainerMounts(mounter, bundle, cleanup).prepare(exec.mounts());
            RuntimeSpec spec = specGenerator.generate(id, exec, user, files, mounts);
            WorkingDirectory.ensure(files.rootfs(), exec.cwd(), user);
            writeFile(bundle.resolve("config.json"), JSON.writeValueAsString(spec), cleanup);
            cleanup.push("delete runc container " + id, () -> runc.delete(id));
            exitCode = runc.run(id, bundle, line -> {
                tail.add(line);
                output.accept(line);
            });
        }
        if (exitCode != 0) {
            throw new ExecFailedException(exec.args(), exitCode, tail.lines());
        }
    }

    /** Mounts the root snapshot, notes the mount stubs to remove, writes hosts and resolv.conf. */
    private StateFiles prepareRoot(ExecSpec exec, Path bundle, CleanupStack cleanup) throws IOException {
        Path rootfs = createDirectory(bundle.resolve("rootfs"), cleanup);
        cleanup.push("unmount " + rootfs, () -> mounter.unmount(rootfs));
        mounter.mount(exec.root(), rootfs);
        List<String> stubTargets = new ArrayList<>(List.of("/etc/resolv.conf", "/etc/hosts"));
        exec.mounts().forEach(m -> stubTargets.add(m.target()));
        MountStubs stubs = MountStubs.record(rootfs, stubTargets, exec.removeMountStubsRecursive());
        cleanup.push("remove mount stubs in " + rootfs, stubs::remove);
        Path hosts = writeFile(bundle.resolve("hosts"), HostsFile.content(exec.hostname(), exec.extraHosts()), cleanup);
        Path resolvConf = writeFile(bundle.resolve("resolv.conf"),
                ResolvConf.forNetwork(exec.network(), ResolvConf.HOST_FILE, ResolvConf.SYSTEMD_RESOLVED_FILE), cleanup);
        return new StateFiles(rootfs, resolvConf, hosts);
    }

    private static Path createDirectory(Path directory, CleanupStack cleanup) throws IOException {
        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx--x--x")));
        cleanup.push("remove " + directory, () -> Files.deleteIfExists(directory));
        return directory;
    }

    private static Path writeFile(Path file, String content, CleanupStack cleanup) throws IOException {
        cleanup.push("remove " + file, () -> Files.deleteIfExists(file));
        Files.writeString(file, content, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
