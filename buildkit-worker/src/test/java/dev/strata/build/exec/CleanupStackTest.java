package dev.strata.build.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupStackTest {
    @Test
    void stepsRunInReverseAndAllRunWhenSomeFail() {
        List<String> ran = new ArrayList<>();
        CleanupStack stack = new CleanupStack();
        stack.push("first", () -> ran.add("first"));
        stack.push("second", () -> {
            ran.add("second");
            throw new IOException("second broke");
        });
        stack.push("third", () -> {
            ran.add("third");
            throw new IllegalStateException("third broke");
        });
        IOException failure = assertThrows(IOException.class, stack::close);
        assertEquals(List.of("third", "second", "first"), ran);
        assertEquals(IllegalStateException.class, failure.getCause().getClass());
        assertEquals(1, failure.getSuppressed().length);
    }

    @Test
    void outputTailKeepsTheLastLines() {
        OutputTail tail = new OutputTail(2);
        List.of("a", "b", "c").forEach(tail::add);
        assertEquals(List.of("b", "c"), tail.lines());
    }
}
