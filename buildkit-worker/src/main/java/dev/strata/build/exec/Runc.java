package dev.strata.build.exec;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The runc command line, with its state under one {@code --root} directory. */
final class Runc {
    private final String command;
    private final Path root;

    Runc(String command, Path root) {
        this.command = command;
        this.root = root;
    }

    /**
     * Runs container {@code id} from {@code bundle} in the foreground and returns its exit code. The
     * container's stdout and stderr, and runc's own errors, go line by line to {@code onLine}. When the
     * calling thread is interrupted, runc is killed and the interrupt rethrown; the container itself
     * is left to {@link #delete}.
     */
    int run(String id, Path bundle, Consumer<String> onLine) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command("run", "--bundle", bundle.toString(), id))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        Thread reader = new Thread(() -> forwardLines(process, onLine), "runc-output-" + id);
        reader.setDaemon(true);
        reader.start();
        try {
            int exitCode = process.waitFor();
            reader.join();
            return exitCode;
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    /** Kills and deletes container {@code id}; does nothing if runc has no such container. */
    void delete(String id) throws IOException {
        if (!Files.exists(root.resolve(id))) {
            return;
        }
        Process process = new ProcessBuilder(command("delete", "--force", id)).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        int exitCode = waitUninterruptibly(process);
        if (exitCode != 0 && Files.exists(root.resolve(id))) {
            throw new IOException("failed to delete runc container " + id + ": exit code " + exitCode + ": " + output);
        }
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of(this.command, "--root", root.toString()));
        command.addAll(List.of(arguments));
        return command;
    }

    private static void forwardLines(Process process, Consumer<String> onLine) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                onLine.accept(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read runc output", e);
        }
    }

    /** Cleanup must finish even when the thread was interrupted; the interrupt is kept for the caller. */
    private static int waitUninterruptibly(Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
