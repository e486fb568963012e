package dev.strata.snapshots.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WireConverterTest {

    @ParameterizedTest
    @EnumSource(Kind.class)
    void infoSurvivesTheWireWithNanosecondTimestamps(Kind kind) {
        Info info = new Info("default/3/sha256:abc", "p", kind, Map.of("containerd.io/gc.root", "x", "é", "🙂"),
                Instant.parse("2026-11-28T02:30:00.123456789Z"), Instant.parse("2026-11-28T02:31:00.000000001Z"));

        assertEquals(info, WireConverter.fromWire(WireConverter.toWire(info)));
    }

    @Test
    void kindsHaveContainerdsNumbers() {
        assertEquals(1, WireConverter.toWire(Kind.VIEW).getNumber());
        assertEquals(2, WireConverter.toWire(Kind.ACTIVE).getNumber());
        assertEquals(3, WireConverter.toWire(Kind.COMMITTED).getNumber());
    }

    @Test
    void anUnknownKindReadsAsCommittedAsContainerdReadsIt() {
        assertEquals(Kind.COMMITTED, WireConverter.fromWire(dev.strata.snapshots.wire.v1.Kind.UNKNOWN));
        assertEquals(Kind.COMMITTED, WireConverter.fromWire(dev.strata.snapshots.wire.v1.Kind.UNRECOGNIZED));
    }

    @Test
    void anInfoWithoutTimestampsReadsAsTheEpoch() {
        Info info = WireConverter.fromWire(dev.strata.snapshots.wire.v1.Info.newBuilder().setName("a").build());

        assertEquals(Instant.EPOCH, info.created());
        assertEquals(Instant.EPOCH, info.updated());
        assertEquals("", info.parent());
    }

    @Test
    void mountsSurviveTheWireInOrder() {
        List<Mount> mounts = List.of(
                new Mount("overlay", "overlay", "", List.of("index=off", "workdir=/w", "upperdir=/u", "lowerdir=/l2:/l1")),
                new Mount("bind", "/s", "sub/dir", List.of("ro", "rbind")),
                Mount.of("tmpfs", "tmpfs", List.of()));

        assertEquals(mounts, WireConverter.fromWire(WireConverter.toWire(mounts)));
    }

    @Test
    void usageSurvivesTheWire() {
        Usage usage = new Usage(Long.MAX_VALUE, 42);

        assertEquals(usage, WireConverter.fromWire(WireConverter.toWire(usage)));
    }
}
