package dev.strata.snapshots.grpc;

import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.testing.InMemorySnapshotter;
import dev.strata.snapshots.testing.SnapshotterContract;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.file.Path;

/** The whole contract through both adapters: RemoteSnapshotter -> gRPC -> SnapshotsService -> InMemorySnapshotter. */
class RemoteSnapshotterContractTest extends SnapshotterContract {
    private Server server;

    @Override
    protected Snapshotter newSnapshotter(Path root) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name)
                .addService(new SnapshotsService(new InMemorySnapshotter()))
                .build()
                .start();
        return new RemoteSnapshotter(InProcessChannelBuilder.forName(name).build());
    }

    @Override
    protected void cleanUp(Path root) throws Exception {
        server.shutdownNow().awaitTermination();
    }
}
