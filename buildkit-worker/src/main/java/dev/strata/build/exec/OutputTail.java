package dev.strata.build.exec;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last lines of an exec's output, kept for the error when it fails. Thread-safe. */
final class OutputTail {
    private final int capacity;
    private final Deque<String> lines = new ArrayDeque<>();

    OutputTail(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("output tail must keep at least one line: " + capacity);
        }
        this.capacity = capacity;
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }
}
