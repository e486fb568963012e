package dev.strata.snapshots.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.protobuf.Empty;
import dev.strata.snapshots.AsyncSnapshotter;
import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.NotFoundException;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.testing.InMemorySnapshotter;
import dev.strata.snapshots.wire.v1.ListSnapshotsRequest;
import dev.strata.snapshots.wire.v1.ListSnapshotsResponse;
import dev.strata.snapshots.wire.v1.PrepareSnapshotRequest;
import dev.strata.snapshots.wire.v1.RemoveSnapshotRequest;
import dev.strata.snapshots.wire.v1.SnapshotsGrpc;
import dev.strata.snapshots.wire.v1.StatSnapshotRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SnapshotsServiceTest {
    /** Bounds a wait for the server so that a broken service fails the test instead of hanging it. */
    private static final long HANG_GUARD_MINUTES = 1;

    private Server server;
    private ManagedChannel channel;

    private SnapshotsGrpc.SnapshotsBlockingStub serve(Snapshotter snapshotter) throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).addService(new SnapshotsService(snapshotter)).build().start();
        channel = InProcessChannelBuilder.forName(name).build();
        return SnapshotsGrpc.newBlockingStub(channel);
    }

    @AfterEach
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(HANG_GUARD_MINUTES, TimeUnit.MINUTES);
        server.shutdownNow().awaitTermination();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 99, 100, 101, 250})
    void listSendsInfosInBatchesOfAHundred(int count) throws Exception {
        InMemorySnapshotter snapshotter = new InMemorySnapshotter();
        for (int i = 0; i < count; i++) {
            snapshotter.prepare("k" + i, "", Map.of());
        }
        SnapshotsGrpc.SnapshotsBlockingStub stub = serve(snapshotter);

        List<Integer> sizes = new ArrayList<>();
        stub.list(ListSnapshotsRequest.getDefaultInstance()).forEachRemaining(response -> sizes.add(response.getInfoCount()));

        List<Integer> expected = new ArrayList<>();
        for (int left = count; left > 0; left -= SnapshotsService.LIST_BATCH_SIZE) {
            expected.add(Math.min(left, SnapshotsService.LIST_BATCH_SIZE));
        }
        assertEquals(expected, sizes);
    }

    @Test
    void listStopsWalkingWhenTheClientCancels() throws Exception {
        CountDownLatch walkEnded = new CountDownLatch(1);
        AtomicInteger visitsAfterCancel = new AtomicInteger();
        Snapshotter endless = walkOnly((filters, visitor) -> {
            try {
                for (int i = 0; i < SnapshotsService.LIST_BATCH_SIZE; i++) {
                    visitor.accept(info("k" + i));
                }
                awaitCancellation(Context.current());
                for (int i = 0; i < 1_000_000; i++) {
                    visitor.accept(info("after" + i));
                    visitsAfterCancel.incrementAndGet();
                }
            } finally {
                walkEnded.countDown();
            }
        });
        SnapshotsGrpc.SnapshotsBlockingStub stub = serve(endless);

        Context.CancellableContext listing = Context.current().withCancellation();
        ListSnapshotsResponse first = listing.call(() -> stub.list(ListSnapshotsRequest.getDefaultInstance()).next());
        listing.cancel(null);

        assertEquals(SnapshotsService.LIST_BATCH_SIZE, first.getInfoCount());
        assertTrue(walkEnded.await(HANG_GUARD_MINUTES, TimeUnit.MINUTES));
        assertEquals(0, visitsAfterCancel.get());
    }

    @Test
    void listReportsABadFilterAsInvalidArgument() throws Exception {
        SnapshotsGrpc.SnapshotsBlockingStub stub = serve(new InMemorySnapshotter());

        Iterator<ListSnapshotsResponse> responses = stub.list(ListSnapshotsRequest.newBuilder().addFilters("name==").build());
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, responses::hasNext);

        assertEquals(Status.Code.INVALID_ARGUMENT, failure.getStatus().getCode());
    }

    @Test
    void theSnapshotterFieldIsIgnoredAndNoNamespaceIsNeeded() throws Exception {
        SnapshotsGrpc.SnapshotsBlockingStub stub = serve(new InMemorySnapshotter());

        stub.prepare(PrepareSnapshotRequest.newBuilder().setSnapshotter("overlayfs").setKey("a").build());
        Info info = WireConverter.fromWire(stub.stat(StatSnapshotRequest.newBuilder().setSnapshotter("strata").setKey("a").build()).getInfo());

        assertEquals(Kind.ACTIVE, info.kind());
    }

    @Test
    void anUnexpectedFailureReachesTheClientAsUnknownWithItsMessage() throws Exception {
        Snapshotter broken = walkOnly((filters, visitor) -> {
            throw new IllegalStateException("failed to walk: index corrupt");
        });
        SnapshotsGrpc.SnapshotsBlockingStub stub = serve(broken);

        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> stub.list(ListSnapshotsRequest.getDefaultInstance()).hasNext());

        assertEquals(Status.Code.UNKNOWN, failure.getStatus().getCode());
        assertEquals("failed to walk: index corrupt", failure.getStatus().getDescription());
    }

    @Test
    void aVisitorFailureInRemoteWalkPassesOnAndLeavesTheChannelUsable() throws Exception {
        InMemorySnapshotter snapshotter = new InMemorySnapshotter();
        for (int i = 0; i < 250; i++) {
            snapshotter.prepare("k" + i, "", Map.of());
        }
        serve(snapshotter);
        RemoteSnapshotter remote = new RemoteSnapshotter(channel);
        IllegalStateException stop = new IllegalStateException("stop");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> remote.walk(List.of(), info -> {
            throw stop;
        }));

        assertSame(stop, thrown);
        assertEquals(Kind.ACTIVE, remote.stat("k0").kind());
    }

    @Test
    void aRemoteUnknownFailureIsARemoteCallException() throws Exception {
        serve(walkOnly((filters, visitor) -> {
            throw new IllegalStateException("failed to walk: index corrupt");
        }));
        RemoteSnapshotter remote = new RemoteSnapshotter(channel);

        RuntimeException failure = assertThrows(RuntimeException.class, () -> remote.walk(List.of(), info -> { }));

        assertEquals("UNKNOWN", assertInstanceOf(RemoteCallException.class, failure).code());
    }

    private interface Walk {
        void walk(List<String> filters, Consumer<Info> visitor);
    }

    @Test
    void aChangeIsAnsweredWhenItsFutureCompletesOnAnotherThread() throws Exception {
        CompletableFuture<Void> removal = new CompletableFuture<>();
        CountDownLatch handedOver = new CountDownLatch(1);
        serve(removeOnly(key -> {
            handedOver.countDown();
            return removal;
        }));
        ListenableFuture<Empty> answer = SnapshotsGrpc.newFutureStub(channel).remove(RemoveSnapshotRequest.newBuilder().setKey("a").build());
        assertTrue(handedOver.await(HANG_GUARD_MINUTES, TimeUnit.MINUTES));

        Thread writer = new Thread(() -> removal.complete(null), "writer");
        writer.start();
        writer.join();

        assertEquals(Empty.getDefaultInstance(), answer.get(HANG_GUARD_MINUTES, TimeUnit.MINUTES));
    }

    @Test
    void aChangeWhoseFutureFailsIsAnsweredWithTheStatusOfItsFailure() throws Exception {
        CompletableFuture<Void> removal = new CompletableFuture<>();
        // a dependent stage, as implementations add, wraps the failure in a CompletionException
        SnapshotsGrpc.SnapshotsBlockingStub stub = serve(removeOnly(key -> removal.thenApply(done -> done)));
        removal.completeExceptionally(new NotFoundException("failed to remove snapshot \"a\": not found"));

        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class,
                () -> stub.remove(RemoveSnapshotRequest.newBuilder().setKey("a").build()));

        assertEquals(Status.Code.NOT_FOUND, failure.getStatus().getCode());
    }

    /** A snapshotter that only removes, asynchronously, answering with the future {@code remove} returns. */
    private static Snapshotter removeOnly(Function<String, CompletableFuture<Void>> remove) {
        return answeringOnly("removeAsync", args -> remove.apply((String) args[0]), AsyncSnapshotter.class);
    }

    @SuppressWarnings("unchecked")
    private static Snapshotter walkOnly(Walk walk) {
        return answeringOnly("walk", args -> {
            walk.walk((List<String>) args[0], (Consumer<Info>) args[1]);
            return null;
        });
    }

    /**
     * A snapshotter (and whatever else of {@code alsoImplements}) whose method {@code name} runs
     * {@code body} on the call's arguments; any other method fails, so a test sees calls it did not expect.
     */
    private static Snapshotter answeringOnly(String name, Function<Object[], Object> body, Class<?>... alsoImplements) {
        Class<?>[] interfaces = new Class<?>[alsoImplements.length + 1];
        interfaces[0] = Snapshotter.class;
        System.arraycopy(alsoImplements, 0, interfaces, 1, alsoImplements.length);
        return (Snapshotter) Proxy.newProxyInstance(Snapshotter.class.getClassLoader(), interfaces,
                (proxy, method, args) -> {
                    if (!method.getName().equals(name)) {
                        throw new UnsupportedOperationException(method.getName());
                    }
                    return body.apply(args);
                });
    }

    private static void awaitCancellation(Context context) {
        CountDownLatch cancelled = new CountDownLatch(1);
        var executor = Executors.newSingleThreadExecutor();
        try {
            context.addListener(ignored -> cancelled.countDown(), executor);
            if (!cancelled.await(HANG_GUARD_MINUTES, TimeUnit.MINUTES)) {
                throw new IllegalStateException("the List call was never cancelled");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            executor.shutdownNow();
        }
    }

    private static Info info(String name) {
        return new Info(name, "", Kind.ACTIVE, Map.of(), Instant.EPOCH, Instant.EPOCH);
    }
}
