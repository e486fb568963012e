package dev.strata.tests.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.snapshots.Info;
import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Snapshotter;
import dev.strata.snapshots.grpc.RemoteSnapshotter;
import dev.strata.snapshots.testing.InMemorySnapshotter;
import dev.strata.tests.support.SnapshotterDaemon;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A property test: long random sequences of calls, over a few keys so that they collide often, go to the daemon
 * and to the in-memory model of the Snapshots semantics, and both must give the same answers: the same results
 * (without mounts, usage and times, which the model fakes) and the same exception classes.
 */
class ModelEquivalenceIntegrationTest {
    private static final int OPERATIONS = 1000;
    private static final List<String> KEYS = List.of("a", "b", "c", "d", "e", "f", "ns/1/sha256:x", "");
    private static final List<String> FILTERS = List.of("kind==committed", "kind==active,labels.x==1",
            "labels.y", "parent==a", "name~=\"^[a-c]$\"", "name==");
    private static final List<List<String>> FIELD_PATHS = List.of(List.of(), List.of("labels"), List.of("labels.x"),
            List.of("labels.y", "labels.x"), List.of("parent"), List.of("kind"));

    @Test
    void theDaemonAnswersLikeTheModel() {
        long seed = Long.getLong("strata.model.seed", System.nanoTime());
        Random random = new Random(seed);
        Deque<String> history = new ArrayDeque<>();
        try (SnapshotterDaemon daemon = SnapshotterDaemon.start();
             RemoteSnapshotter remote = RemoteSnapshotter.connect(daemon.socket());
             InMemorySnapshotter model = new InMemorySnapshotter()) {
            for (int i = 0; i < OPERATIONS; i++) {
                Operation operation = randomOperation(random);
                String expected = outcome(model, operation.call());
                String actual = outcome(remote, operation.call());
                history.addLast(i + ": " + operation.description() + " -> " + expected);
                if (history.size() > 30) {
                    history.removeFirst();
                }
                assertEquals(expected, actual, "seed " + seed + " (-Dstrata.model.seed to repeat), operation "
                        + operation.description() + "; the last operations and the model's answers:\n"
                        + String.join("\n", history));
            }
        }
    }

    private record Operation(String description, Function<Snapshotter, String> call) {
    }

    private static String outcome(Snapshotter snapshotter, Function<Snapshotter, String> call) {
        try {
            return call.apply(snapshotter);
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName();
        }
    }

    private static Operation randomOperation(Random random) {
        String key = pick(random, KEYS);
        String other = random.nextInt(4) == 0 ? "" : pick(random, KEYS);
        Map<String, String> labels = randomLabels(random);
        return switch (random.nextInt(10)) {
            case 0, 1 -> new Operation("prepare " + q(key) + " on " + q(other) + " " + labels,
                    s -> ok(s.prepare(key, other, labels)));
            case 2 -> new Operation("view " + q(key) + " on " + q(other) + " " + labels,
                    s -> ok(s.view(key, other, labels)));
            case 3, 4 -> new Operation("commit " + q(key) + " as " + q(other) + " " + labels, s -> {
                s.commit(other, key, labels);
                return "ok";
            });
            case 5 -> new Operation("remove " + q(key), s -> {
                s.remove(key);
                return "ok";
            });
            case 6 -> new Operation("stat " + q(key), s -> describe(s.stat(key)));
            case 7 -> {
                List<String> paths = pick(random, FIELD_PATHS);
                yield new Operation("update " + q(key) + " " + labels + " " + paths,
                        s -> describe(s.update(new Info(key, "", Kind.ACTIVE, labels, Instant.EPOCH, Instant.EPOCH), paths)));
            }
            case 8 -> {
                List<String> filters = random.nextBoolean() ? List.of() : List.of(pick(random, FILTERS));
                yield new Operation("list " + filters, s -> {
                    Map<String, String> listed = new TreeMap<>();
                    s.walk(filters, info -> listed.put(info.name(), describe(info)));
                    return listed.toString();
                });
            }
            default -> random.nextBoolean()
                    ? new Operation("mounts " + q(key), s -> ok(s.mounts(key)))
                    : new Operation("usage " + q(key), s -> ok(s.usage(key)));
        };
    }

    private static Map<String, String> randomLabels(Random random) {
        Map<String, String> labels = new HashMap<>();
        for (String name : List.of("x", "y")) {
            if (random.nextInt(3) == 0) {
                labels.put(name, Integer.toString(random.nextInt(2)));
            }
        }
        if (random.nextInt(25) == 0) {
            labels.put("big", "v".repeat(4096));
        }
        return labels;
    }

    private static String describe(Info info) {
        return info.name() + "|" + info.parent() + "|" + info.kind() + "|" + new TreeMap<>(info.labels());
    }

    private static String ok(Object ignored) {
        return "ok";
    }

    private static String q(String key) {
        return "\"" + key + "\"";
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }
}
