package dev.strata.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetaLogTest {
    private static final long SEGMENT_LIMIT = 4096;

    @TempDir
    Path dir;

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> replayed(LogPosition from) {
        List<String> payloads = new ArrayList<>();
        try (MetaLog log = MetaLog.open(dir, SEGMENT_LIMIT)) {
            log.replay(from, payload -> payloads.add(StandardCharsets.UTF_8.decode(payload).toString()));
        }
        return payloads;
    }

    /** Writes {@code count} records named prefix-i, switching segments as the store does, and returns the end. */
    private static LogPosition append(MetaLog log, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            if (log.full()) {
                log.switchSegment();
            }
            log.advance(log.write(payload(prefix + "-" + i)));
        }
        return log.end();
    }

    @Test
    void replayReturnsTheRecordsAfterThePositionInOrderAcrossSegments() {
        LogPosition middle;
        try (MetaLog log = MetaLog.open(dir, SEGMENT_LIMIT)) {
            append(log, "a", 100);
            middle = log.end();
            LogPosition end = append(log, "b", 300);
            assertEquals(400, end.sequence());
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            expected.add("b-" + i);
        }
        assertEquals(expected, replayed(middle));
    }

    @Test
    void replayStopsAtATornRecord() throws IOException {
        LogPosition second;
        try (MetaLog log = MetaLog.open(dir, SEGMENT_LIMIT)) {
            log.advance(log.write(payload("first")));
            second = log.end();
            log.advance(log.write(payload("second")));
            log.advance(log.write(payload("third")));
        }
        try (FileChannel segment = FileChannel.open(dir.resolve("log-0"), StandardOpenOption.WRITE)) {
            // the last byte of the second record's payload, as if its write had not reached the disk
            segment.write(ByteBuffer.wrap(new byte[] {'X'}), second.offset() + 16 + "second".length() - 1);
        }
        assertEquals(List.of("first"), replayed(LogPosition.START));
    }

    @Test
    void aRetractedRecordIsNotReplayedAndTheNextTakesItsPlace() {
        try (MetaLog log = MetaLog.open(dir, SEGMENT_LIMIT)) {
            log.advance(log.write(payload("kept")));
            log.write(payload("failed"));
            log.retract();
            assertEquals(List.of("kept"), replayedWhileOpen(log));
            log.advance(log.write(payload("next")));
        }
        assertEquals(List.of("kept", "next"), replayed(LogPosition.START));
    }

    private static List<String> replayedWhileOpen(MetaLog log) {
        List<String> payloads = new ArrayList<>();
        log.replay(LogPosition.START, payload -> payloads.add(StandardCharsets.UTF_8.decode(payload).toString()));
        return payloads;
    }

    @Test
    void recordsOfAnEarlierLapAreNotTakenForNewOnes() {
        LogPosition checkpoint;
        try (MetaLog log = MetaLog.open(dir, SEGMENT_LIMIT)) {
            // laps through both segments: behind the last records lie those of the lap before
            checkpoint = append(log, "old", 990);
            append(log, "recent", 3);
        }
        try (MetaLog log = MetaLog.open(dir, SEGMENT_LIMIT)) {
            log.continueAt(log.replay(checkpoint, payload -> { }));
            assertEquals(1000, append(log, "new", 7).sequence());
        }
        assertEquals(List.of("recent-0", "recent-1", "recent-2", "new-0", "new-1", "new-2", "new-3", "new-4", "new-5", "new-6"),
                replayed(checkpoint));
    }

    @Test
    void segmentsGrowByWrittenZerosAheadOfTheRecords() throws IOException {
        try (MetaLog log = MetaLog.open(dir, 8L << 20)) {
            log.advance(log.write(payload("one")));
        }
        long size = Files.size(dir.resolve("log-0"));
        assertEquals(1 << 20, size);
    }

    @Test
    void discardDeletesBothSegments() {
        try (MetaLog log = MetaLog.open(dir, SEGMENT_LIMIT)) {
            append(log, "x", 100);
        }
        MetaLog.discard(dir);
        assertEquals(List.of(), replayed(LogPosition.START));
    }
}
