package dev.strata.build.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.build.image.Digest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChainIdsTest {
    private static final Digest A = Digest.of("a".getBytes(StandardCharsets.UTF_8));
    private static final Digest B = Digest.of("b".getBytes(StandardCharsets.UTF_8));
    private static final Digest C = Digest.of("c".getBytes(StandardCharsets.UTF_8));

    @Test
    void bottomChainIsItsDiffIdAndEachNextHashesParentSpaceDiffId() {
        Digest ab = Digest.of((A + " " + B).getBytes(StandardCharsets.UTF_8));
        Digest abc = Digest.of((ab + " " + C).getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(A, ab, abc), ChainIds.of(List.of(A, B, C)));
    }
}
