package dev.strata.build.cli;

import dev.strata.build.image.Descriptor;
import dev.strata.build.image.NamedImage;
import dev.strata.build.worker.Worker;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code strata-build image import|ls|rm}: the worker's image store, which docker-image sources read. */
@Command(name = "image", description = "Manages the worker's images.",
    subcommands = {ImageCommand.Import.class, ImageCommand.ListImages.class, ImageCommand.Remove.class})
final class ImageCommand implements Runnable {
  @ParentCommand Main main;
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "missing command: import, ls or rm");
  }

  @Command(name = "import", description = "Imports an OCI or docker image archive (a tar).")
  static final class Import implements Callable<Integer> {
    @ParentCommand ImageCommand image;

    @Parameters(paramLabel = "ARCHIVE") Path archive;

    @Option(names = "--name", paramLabel = "REF", description = "Also name the archive's image so.")
    String name;

    @Override
    public Integer call() {
      Path absolute = image.main.path(archive);
      return image.main.onWorker(null, worker -> importArchive(worker, absolute));
    }

    private int importArchive(Worker worker, Path absolute) {
      List<NamedImage> imported = worker.importImage(absolute, Optional.ofNullable(name));
      imported.forEach(named -> image.main.out.println(named.name() + " " + named.target().digest()));
      return 0;
    }
  }

  @Command(name = "ls", description = "Lists image names and what they point at.")
  static final class ListImages implements Callable<Integer> {
    @ParentCommand ImageCommand image;

    @Override
    public Integer call() {
      return image.main.onWorker(null, this::list);
    }

    private int list(Worker worker) {
      SortedMap<String, Descriptor> images = worker.images();
      Table table = new Table("REF", "TYPE", "DIGEST");
      for (Map.Entry<String, Descriptor> entry : images.entrySet()) {
        table.row(entry.getKey(), entry.getValue().mediaType(), entry.getValue().digest().toString());
      }
      table.print(image.main.out);
      return 0;
    }
  }

  @Command(name = "rm", description = "Removes image names (their blobs stay).")
  static final class Remove implements Callable<Integer> {
    @ParentCommand ImageCommand image;

    @Parameters(paramLabel = "REF", arity = "1..*") List<String> names;

    @Override
    public Integer call() {
      return image.main.onWorker(null, this::remove);
    }

    private int remove(Worker worker) {
      List<String> missing = names.stream().filter(name -> !worker.removeImage(name)).toList();
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("failed to remove image " + String.join(", ", missing) + ": no such image");
      }
      names.forEach(image.main.out::println);
      return 0;
    }
  }
}
