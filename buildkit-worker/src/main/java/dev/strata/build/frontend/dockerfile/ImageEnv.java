package dev.strata.build.frontend.dockerfile;

import java.util.ArrayList;
import java.util.List;

/** The image config's Env list: {@code KEY=value} strings, a set variable replaced where it stands. */
final class ImageEnv {
  private ImageEnv() {}

  static List<String> set(List<String> env, String key, String value) {
    List<String> out = env == null ? new ArrayList<>() : new ArrayList<>(env);
    for (int i = 0; i < out.size(); i++) {
      if (keyOf(out.get(i)).equals(key)) {
        out.set(i, key + "=" + value);
        return out;
      }
    }
    out.add(key + "=" + value);
    return out;
  }

  static String keyOf(String entry) {
    int eq = entry.indexOf('=');
    return eq < 0 ? entry : entry.substring(0, eq);
  }

  static String valueOf(String entry) {
    int eq = entry.indexOf('=');
    return eq < 0 ? "" : entry.substring(eq + 1);
  }
}
