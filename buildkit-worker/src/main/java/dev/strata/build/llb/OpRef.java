package dev.strata.build.llb;

import java.util.Optional;

/** An op's digest and custom name, as error messages name an op. */
record OpRef(String digest, Optional<String> customName) {

  @Override
  public String toString() {
    return customName.map(name -> digest + " (\"" + name + "\")").orElse(digest);
  }
}
