package dev.strata.snapshots.grpc;

import com.google.protobuf.Timestamp;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Mount;
import dev.strata.snapshots.Usage;
import dev.strata.snapshots.wire.v1.UsageResponse;
import java.time.Instant;
import java.util.List;

/** The one place where model records become containerd's protobuf messages and back. */
final class WireConverter {
    private WireConverter() {
    }

    static dev.strata.snapshots.wire.v1.Info toWire(Info info) {
        return dev.strata.snapshots.wire.v1.Info.newBuilder()
                .setName(info.name())
                .setParent(info.parent())
                .setKind(toWire(info.kind()))
                .setCreatedAt(toWire(info.created()))
                .setUpdatedAt(toWire(info.updated()))
                .putAllLabels(info.labels())
                .build();
    }

    static Info fromWire(dev.strata.snapshots.wire.v1.Info info) {
        return new Info(info.getName(), info.getParent(), fromWire(info.getKind()), info.getLabelsMap(),
                fromWire(info.getCreatedAt()), fromWire(info.getUpdatedAt()));
    }

    static dev.strata.snapshots.wire.v1.Kind toWire(Kind kind) {
        return switch (kind) {
            case VIEW -> dev.strata.snapshots.wire.v1.Kind.VIEW;
            case ACTIVE -> dev.strata.snapshots.wire.v1.Kind.ACTIVE;
            case COMMITTED -> dev.strata.snapshots.wire.v1.Kind.COMMITTED;
        };
    }

    /** As containerd's adapters do, anything that is neither active nor view reads as committed. */
    static Kind fromWire(dev.strata.snapshots.wire.v1.Kind kind) {
        return switch (kind) {
            case VIEW -> Kind.VIEW;
            case ACTIVE -> Kind.ACTIVE;
            default -> Kind.COMMITTED;
        };
    }

    static Timestamp toWire(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    static Instant fromWire(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static List<dev.strata.snapshots.wire.types.Mount> toWire(List<Mount> mounts) {
        return mounts.stream()
                .map(mount -> dev.strata.snapshots.wire.types.Mount.newBuilder()
                        .setType(mount.type())
                        .setSource(mount.source())
                        .setTarget(mount.target())
                        .addAllOptions(mount.options())
                        .build())
                .toList();
    }

    static List<Mount> fromWire(List<dev.strata.snapshots.wire.types.Mount> mounts) {
        return mounts.stream()
                .map(mount -> new Mount(mount.getType(), mount.getSource(), mount.getTarget(), mount.getOptionsList()))
                .toList();
    }

    static UsageResponse toWire(Usage usage) {
        return UsageResponse.newBuilder().setSize(usage.size()).setInodes(usage.inodes()).build();
    }

    static Usage fromWire(UsageResponse usage) {
        return new Usage(usage.getSize(), usage.getInodes());
    }
}
