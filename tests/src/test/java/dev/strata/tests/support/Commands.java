package dev.strata.tests.support;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs short-lived external commands (ctr, umount) to completion with a bounded wait. */
public final class Commands {

    private Commands() {
    }

    public static CommandResult run(Duration timeout, List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to start " + String.join(" ", command) + ": " + e.getMessage(), e);
        }
        // Drain both pipes concurrently so a chatty command cannot block on a full pipe.
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                throw new IllegalStateException("failed to run " + String.join(" ", command) + ": no exit within " + timeout
                        + "\n--- stderr ---\n" + stderr.get());
            }
            return new CommandResult(command, process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("failed to run " + String.join(" ", command) + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("failed to read output of " + String.join(" ", command) + ": " + e.getCause(), e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
