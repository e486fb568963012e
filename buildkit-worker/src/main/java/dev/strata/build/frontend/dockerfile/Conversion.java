package dev.strata.build.frontend.dockerfile;

/**
 * What converting a Dockerfile gives: the marshaled LLB {@code pb.Definition} of the target stage
 * and the image config JSON of the image it makes (as BuildKit's frontend hands it to the exporter:
 * no layers of its own yet, history entries for every instruction).
 */
public record Conversion(byte[] definition, byte[] imageConfig) {
  public Conversion {
    definition = definition.clone();
    imageConfig = imageConfig.clone();
  }

  @Override
  public byte[] definition() {
    return definition.clone();
  }

  @Override
  public byte[] imageConfig() {
    return imageConfig.clone();
  }
}
