package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CloseStepsTest {

    @Test
    void everyStepRunsAndTheFirstFailureIsThrownWithTheLaterOnesSuppressed() {
        List<String> ran = new ArrayList<>();
        IllegalStateException first = new IllegalStateException("failed to close the writer");
        IllegalArgumentException second = new IllegalArgumentException("failed to close the store");

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> CloseSteps.runAll(List.of(
                () -> ran.add("pool"),
                () -> {
                    ran.add("writer");
                    throw first;
                },
                () -> ran.add("remover"),
                () -> {
                    ran.add("store");
                    throw second;
                })));

        assertSame(first, thrown);
        assertArrayEquals(new Throwable[] {second}, thrown.getSuppressed());
        assertEquals(List.of("pool", "writer", "remover", "store"), ran);
    }

    @Test
    void anErrorIsThrownAsItIs() {
        StackOverflowError error = new StackOverflowError();

        assertSame(error, assertThrows(StackOverflowError.class, () -> CloseSteps.runAll(List.of(() -> {
            throw error;
        }))));
    }
}
