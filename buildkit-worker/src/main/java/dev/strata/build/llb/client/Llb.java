package dev.strata.build.llb.client;

import dev.strata.build.llb.pb.DiffOp;
import dev.strata.build.llb.pb.LowerDiffInput;
import dev.strata.build.llb.pb.MergeInput;
import dev.strata.build.llb.pb.MergeOp;
import dev.strata.build.llb.pb.Op;
import dev.strata.build.llb.pb.SourceOp;
import dev.strata.build.llb.pb.UpperDiffInput;
import dev.strata.build.llb.pb.WorkerConstraints;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where LLB graphs start: sources (image, local, scratch) and the ops that combine states (merge,
 * diff). Continue from a {@link State} with {@code run} and {@code file}, finish with
 * {@code marshal}.
 */
public final class Llb {
  static final String ATTR_INCLUDE_PATTERNS = "local.includepattern";
  static final String ATTR_EXCLUDE_PATTERNS = "local.excludepatterns";
  static final String ATTR_FOLLOW_PATHS = "local.followpaths";
  static final String ATTR_SHARED_KEY_HINT = "local.sharedkeyhint";
  static final String ATTR_HTTP_CHECKSUM = "http.checksum";
  static final String ATTR_HTTP_FILENAME = "http.filename";

  private Llb() {}

  public static State scratch() {
    return State.scratch(OciPlatform.LINUX_AMD64);
  }

  /** An image's root filesystem; {@code ref} is used as given (BuildKit would normalize it). */
  public static State image(String ref) {
    return image(ref, OpOptions.none());
  }

  public static State image(String ref, OpOptions options) {
    return image(ref, OciPlatform.LINUX_AMD64, options);
  }

  /** An image's root filesystem for {@code platform}. */
  public static State image(String ref, OciPlatform platform, OpOptions options) {
    return source("docker-image://" + ref, Map.of(), platform, options, List.of(Caps.SOURCE_IMAGE));
  }

  /**
   * A file downloaded from {@code url}, saved as {@code filename}; a non-empty {@code checksum}
   * (a digest) is verified.
   */
  public static State http(String url, String filename, String checksum, OciPlatform platform, OpOptions options) {
    Map<String, String> attrs = new TreeMap<>();
    List<String> caps = new ArrayList<>();
    if (!checksum.isEmpty()) {
      attrs.put(ATTR_HTTP_CHECKSUM, checksum);
      caps.add(Caps.SOURCE_HTTP_CHECKSUM);
    }
    if (!filename.isEmpty()) {
      attrs.put(ATTR_HTTP_FILENAME, filename);
    }
    caps.add(Caps.SOURCE_HTTP);
    return source(url, attrs, platform, options, caps);
  }

  /** A directory the client sends, by the name the client knows it under. */
  public static State local(String name, LocalOptions local) {
    return local(name, local, OpOptions.none());
  }

  public static State local(String name, LocalOptions local, OpOptions options) {
    return local(name, local, OciPlatform.LINUX_AMD64, options);
  }

  public static State local(String name, LocalOptions local, OciPlatform platform, OpOptions options) {
    Map<String, String> attrs = new TreeMap<>();
    List<String> caps = new ArrayList<>();
    if (!local.includePatterns().isEmpty()) {
      attrs.put(ATTR_INCLUDE_PATTERNS, GoJson.stringArray(local.includePatterns()));
      caps.add(Caps.SOURCE_LOCAL_INCLUDE_PATTERNS);
    }
    if (!local.followPaths().isEmpty()) {
      attrs.put(ATTR_FOLLOW_PATHS, GoJson.stringArray(local.followPaths()));
      caps.add(Caps.SOURCE_LOCAL_FOLLOW_PATHS);
    }
    if (!local.excludePatterns().isEmpty()) {
      attrs.put(ATTR_EXCLUDE_PATTERNS, GoJson.stringArray(local.excludePatterns()));
      caps.add(Caps.SOURCE_LOCAL_EXCLUDE_PATTERNS);
    }
    if (!local.sharedKeyHint().isEmpty()) {
      attrs.put(ATTR_SHARED_KEY_HINT, local.sharedKeyHint());
      caps.add(Caps.SOURCE_LOCAL_SHARED_KEY_HINT);
    }
    caps.add(Caps.SOURCE_LOCAL);
    return source("local://" + name, attrs, platform, options, caps);
  }

  private static State source(String identifier, Map<String, String> attrs, OciPlatform platform, OpOptions options,
      List<String> caps) {
    Op op = Op.newBuilder()
        .setSource(SourceOp.newBuilder().setIdentifier(identifier).putAllAttrs(attrs))
        .setPlatform(platform.toProto())
        .setConstraints(WorkerConstraints.getDefaultInstance())
        .build();
    return State.output(OpNode.of(op, options.toProto(caps), List.of()), 0, platform);
  }

  /** The states layered in order, later ones on top; scratch states add nothing. */
  public static State merge(List<State> states) {
    return merge(states, OpOptions.none());
  }

  public static State merge(List<State> states, OpOptions options) {
    List<State> layers = states.stream().filter(state -> !state.isScratch()).toList();
    if (layers.isEmpty()) {
      return scratch();
    }
    if (layers.size() == 1) {
      return layers.get(0);
    }
    InputList inputs = new InputList();
    MergeOp.Builder merge = MergeOp.newBuilder();
    for (State layer : layers) {
      merge.addInputs(MergeInput.newBuilder().setInput(inputs.append(layer)));
    }
    Op op = Op.newBuilder().addAllInputs(inputs.inputs()).setMerge(merge)
        .setConstraints(WorkerConstraints.getDefaultInstance()).build();
    OpNode node = OpNode.of(op, options.toProto(List.of(Caps.MERGE_OP)), inputs.nodes());
    return State.output(node, 0, layers.get(0).platform());
  }

  /** What {@code upper} changes relative to {@code lower}; either may be scratch. */
  public static State diff(State lower, State upper) {
    return diff(lower, upper, OpOptions.none());
  }

  public static State diff(State lower, State upper, OpOptions options) {
    InputList inputs = new InputList();
    DiffOp diff = DiffOp.newBuilder()
        .setLower(LowerDiffInput.newBuilder().setInput(inputs.append(lower)))
        .setUpper(UpperDiffInput.newBuilder().setInput(inputs.append(upper)))
        .build();
    Op op = Op.newBuilder().addAllInputs(inputs.inputs()).setDiff(diff)
        .setConstraints(WorkerConstraints.getDefaultInstance()).build();
    OpNode node = OpNode.of(op, options.toProto(List.of(Caps.DIFF_OP)), inputs.nodes());
    return State.output(node, 0, upper.platform());
  }
}
