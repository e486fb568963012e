package dev.strata.build.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs a command line in the launcher's process when no daemon serves it: {@link Main} on a class loader
 * of its own over the worker's jars, {@code buildkit-worker.jar} and {@code lib/*.jar} beside the jar the
 * launcher came from. The launcher's own class path stays one small jar because the JDK reads every jar
 * on it for service files when a client opens its first socket (~30 ms for the worker's 47 jars).
 */
final class InProcess {
  private static final String MAIN = "dev.strata.build.cli.Main";
  private static final String WORKER_JAR = "buildkit-worker.jar";

  private InProcess() {}

  /** Runs {@link Main#main}, which exits the process. */
  static void main(String[] args) {
    URL[] classPath = workerClassPath();
    ClassLoader loader = new URLClassLoader("strata-build", classPath, ClassLoader.getPlatformClassLoader());
    Thread.currentThread().setContextClassLoader(loader);
    try {
      loader.loadClass(MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("failed to run " + MAIN + ": " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("failed to load " + MAIN + " from " + List.of(classPath) + ": " + e, e);
    }
  }

  private static URL[] workerClassPath() {
    Path directory = launcherLocation().getParent();
    List<URL> urls = new ArrayList<>();
    urls.add(url(directory.resolve(WORKER_JAR)));
    try (Stream<Path> libraries = Files.list(directory.resolve("lib"))) {
      libraries.filter(jar -> jar.getFileName().toString().endsWith(".jar")).sorted().map(InProcess::url).forEach(urls::add);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to list the worker's libraries in " + directory.resolve("lib") + ": " + e.getMessage(), e);
    }
    return urls.toArray(URL[]::new);
  }

  private static Path launcherLocation() {
    try {
      return Path.of(InProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("failed to locate the launcher's jar: " + e.getMessage(), e);
    }
  }

  private static URL url(Path jar) {
    try {
      return jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalStateException("failed to name " + jar + " as a URL: " + e.getMessage(), e);
    }
  }
}
