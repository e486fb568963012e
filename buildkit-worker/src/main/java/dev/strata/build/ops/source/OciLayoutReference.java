package dev.strata.build.ops.source;

import dev.strata.build.image.Digest;
import java.util.Map;

/**
 * What an {@code oci-layout://NAME[:TAG]@DIGEST} source names: the session's layout store (the
 * {@code oci.store} attribute BuildKit's frontends set, else the first path component of NAME) and
 * the pinned digest of a manifest or index in it. The digest is required, as in BuildKit.
 */
record OciLayoutReference(String store, Digest digest) {
  static final String SCHEME = "oci-layout://";
  static final String STORE = "oci.store";

  static OciLayoutReference parse(String identifier, Map<String, String> attrs) {
    if (!identifier.startsWith(SCHEME)) {
      throw new IllegalArgumentException("failed to read OCI layout source " + identifier + ": not " + SCHEME + "NAME@DIGEST");
    }
    String reference = identifier.substring(SCHEME.length());
    int at = reference.indexOf('@');
    if (at < 0) {
      throw new IllegalArgumentException("failed to read OCI layout source " + identifier + ": no @sha256: digest");
    }
    Digest digest = Digest.parse(reference.substring(at + 1));
    String store = attrs.getOrDefault(STORE, "");
    if (store.isEmpty()) {
      store = reference.substring(0, at).split("[/:]", 2)[0];
    }
    if (store.isEmpty()) {
      throw new IllegalArgumentException("failed to read OCI layout source " + identifier + ": no store name");
    }
    return new OciLayoutReference(store, digest);
  }
}
