package dev.strata.build.solver;

import dev.strata.build.llb.Vertex;
import dev.strata.build.llb.pb.FileAction;
import dev.strata.build.llb.pb.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The name progress shows for a vertex: its {@code llb.customname}, else one made from the op as
 * BuildKit's solver makes it (the source identifier, the exec's arguments, the file actions, or the
 * quoted names of a merge's or diff's inputs).
 */
final class VertexNames {
  private VertexNames() {}

  /** The name of {@code vertex}, whose inputs are named by {@code inputName}. */
  static String of(Vertex vertex, Function<Vertex, String> inputName) {
    return vertex.customName().orElseGet(() -> fromOp(vertex, inputName));
  }

  private static String fromOp(Vertex vertex, Function<Vertex, String> inputName) {
    Op op = vertex.op();
    return switch (op.getOpCase()) {
      case SOURCE -> op.getSource().getIdentifier();
      case EXEC -> String.join(" ", op.getExec().getMeta().getArgsList());
      case FILE -> fileActions(op.getFile().getActionsList());
      case BUILD -> "build";
      case MERGE -> "merge " + String.join(" + ", vertex.inputs().stream().map(input -> quoted(inputName.apply(input.vertex()))).toList());
      case DIFF -> "diff " + diffSide(vertex, op.getDiff().getLower().getInput(), inputName)
          + " -> " + diffSide(vertex, op.getDiff().getUpper().getInput(), inputName);
      default -> "unknown";
    };
  }

  private static String fileActions(List<FileAction> actions) {
    List<String> names = new ArrayList<>();
    for (FileAction action : actions) {
      switch (action.getActionCase()) {
        case MKDIR -> names.add("mkdir " + action.getMkdir().getPath());
        case MKFILE -> names.add("mkfile " + action.getMkfile().getPath());
        case RM -> names.add("rm " + action.getRm().getPath());
        case COPY -> names.add("copy " + action.getCopy().getSrc() + " " + action.getCopy().getDest());
        case SYMLINK -> names.add("symlink " + action.getSymlink().getNewpath() + " -> " + action.getSymlink().getOldpath());
        default -> names.add("unknown");
      }
    }
    return String.join(", ", names);
  }

  private static String diffSide(Vertex vertex, long input, Function<Vertex, String> inputName) {
    return input < 0 ? "scratch" : quoted(inputName.apply(vertex.inputs().get((int) input).vertex()));
  }

  /** Go's strconv.Quote for the names these are: printable text with quotes and backslashes escaped. */
  private static String quoted(String name) {
    return '"' + name.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }
}
