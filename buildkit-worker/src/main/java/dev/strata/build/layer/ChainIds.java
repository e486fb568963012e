package dev.strata.build.layer;

import dev.strata.build.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** containerd's chain IDs: the first layer's is its diff ID, each next one sha256("<parent chain> <diff ID>"). */
public final class ChainIds {
    private ChainIds() {
    }

    public static Digest next(Digest parentChain, Digest diffId) {
        if (parentChain == null) {
            return diffId;
        }
        return Digest.of((parentChain + " " + diffId).getBytes(StandardCharsets.UTF_8));
    }

    /** The chain ID of every prefix of {@code diffIds}, bottom first. */
    public static List<Digest> of(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        Digest parent = null;
        for (Digest diffId : diffIds) {
            parent = next(parent, diffId);
            chain.add(parent);
        }
        return chain;
    }
}
