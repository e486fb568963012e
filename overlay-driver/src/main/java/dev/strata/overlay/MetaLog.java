package dev.strata.overlay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The metadata's write-ahead log: it makes a batch of changes durable with one flush, where an LMDB
 * commit takes two (its data pages, then its meta page).
 *
 * <p>Records go one after another into one of two segment files, {@code log-0} and {@code log-1},
 * used in turn. A record is a 16-byte header (payload length, CRC32C of everything but the CRC
 * field, sequence number) and the payload. Each is written and flushed with fdatasync(2) before its
 * batch is acknowledged. A segment grows only by writing zeros ahead of the records, in 1 MiB steps,
 * so that a record almost always overwrites blocks that are already written and allocated: then the
 * flush writes the data alone, without a journal commit for the file's size or extents.
 *
 * <p>A replay reads from a checkpoint's {@link LogPosition} and stops at the first record that is
 * torn, zeroed or older than the next sequence number; at a segment's end it goes on at the start of
 * the other one. The writer switches segments once the current one reaches its limit, and only when
 * a checkpoint lies in the current segment (see {@link MetaCheckpoint}), so the segment it overwrites
 * holds no record a replay still needs.
 *
 * <p>Used by one thread at a time: the metadata writer, or the start that replays it.
 */
final class MetaLog implements AutoCloseable {
    static final long DEFAULT_SEGMENT_LIMIT = 16L << 20;
    private static final int HEADER_SIZE = 16;
    private static final int GROWTH = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(GROWTH);
    private static final System.Logger LOG = System.getLogger(MetaLog.class.getName());

    private final Path[] paths;
    private final FileChannel[] segments;
    /** How many bytes of each segment are written: its size, as the log only ever grows it. */
    private final long[] written;
    private final long segmentLimit;
    private final CRC32C crc = new CRC32C();
    private LogPosition end = LogPosition.START;
    /** Set when a record that failed could not be made unreadable: the log takes no more. */
    private boolean broken;

    private MetaLog(Path[] paths, FileChannel[] segments, long segmentLimit) throws IOException {
        this.paths = paths;
        this.segments = segments;
        this.segmentLimit = segmentLimit;
        this.written = new long[] {segments[0].size(), segments[1].size()};
    }

    /** Opens the segments in {@code directory}, creating them durably if missing. */
    static MetaLog open(Path directory, long segmentLimit) {
        Path[] paths = {directory.resolve("log-0"), directory.resolve("log-1")};
        FileChannel[] segments = new FileChannel[2];
        try {
            boolean created = false;
            for (int i = 0; i < 2; i++) {
                created |= !Files.exists(paths[i]);
                segments[i] = FileChannel.open(paths[i], StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            if (created) {
                DurableMarker.syncDirectory(directory);
            }
            return new MetaLog(paths, segments, segmentLimit);
        } catch (IOException e) {
            closeQuietly(segments);
            throw new UncheckedIOException("failed to open metadata log in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes both segments, for a store that starts from its database without a checkpoint: records
     * of an earlier life must not be taken for continuations of the new one.
     */
    static void discard(Path directory) {
        try {
            Files.deleteIfExists(directory.resolve("log-0"));
            Files.deleteIfExists(directory.resolve("log-1"));
        } catch (IOException e) {
            throw new UncheckedIOException("failed to reset metadata log in " + directory + ": " + e.getMessage(), e);
        }
    }

    /**
     * Hands the payload of every record after {@code from} to {@code redo}, in order, and returns the
     * position after the last one.
     */
    LogPosition replay(LogPosition from, Consumer<ByteBuffer> redo) {
        try {
            ByteBuffer[] contents = {map(0), map(1)};
            LogPosition at = from;
            while (true) {
                long sequence = at.sequence() + 1;
                ByteBuffer payload = read(contents[at.segment()], at.offset(), sequence);
                if (payload == null) {
                    int other = 1 - at.segment();
                    payload = read(contents[other], 0, sequence);
                    if (payload == null) {
                        return at;
                    }
                    at = new LogPosition(at.sequence(), other, 0);
                }
                int length = payload.remaining();
                redo.accept(payload);
                at = new LogPosition(sequence, at.segment(), at.offset() + HEADER_SIZE + length);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("failed to read metadata log: " + e.getMessage(), e);
        }
    }

    /** Sets where the next record goes: after the records a replay or the database accounts for. */
    void continueAt(LogPosition position) {
        end = position;
    }

    /** Where the next record goes, and the sequence number of the last one. */
    LogPosition end() {
        return end;
    }

    /** Whether the current segment is full, so that the next record should go to the other one. */
    boolean full() {
        return end.offset() >= segmentLimit;
    }

    /** Moves the end to the start of the other segment; the caller has made sure no record there is needed. */
    void switchSegment() {
        end = new LogPosition(end.sequence(), 1 - end.segment(), 0);
    }

    /**
     * Writes {@code payload} as the next record and flushes it. Returns the position after it; the end
     * moves there only with {@link #advance}, once the changes it holds are committed. If the write
     * fails, the record is {@linkplain #retract retracted}.
     */
    LogPosition write(byte[] payload) {
        if (broken) {
            throw new IllegalStateException("failed to write metadata log: an earlier failed record could not be erased; restart the snapshotter");
        }
        int segment = end.segment();
        long offset = end.offset();
        long sequence = end.sequence() + 1;
        ByteBuffer record = encode(sequence, payload);
        try {
            grow(segment, offset + record.remaining());
            writeFully(segments[segment], record, offset);
            segments[segment].force(false);
        } catch (IOException e) {
            retract();
            throw OutOfSpace.orIoFailure("failed to write metadata log " + paths[segment], e);
        }
        return new LogPosition(sequence, segment, offset + HEADER_SIZE + payload.length);
    }

    void advance(LogPosition position) {
        end = position;
    }

    /**
     * Makes the record at the end unreadable, for a batch that failed after its record was written,
     * so that no replay redoes changes whose callers were told they failed. If even that fails, the
     * log takes no more records.
     */
    void retract() {
        int segment = end.segment();
        if (end.offset() + HEADER_SIZE > written[segment]) {
            return;
        }
        try {
            writeFully(segments[segment], ByteBuffer.allocate(HEADER_SIZE), end.offset());
            segments[segment].force(false);
        } catch (IOException e) {
            broken = true;
            LOG.log(System.Logger.Level.ERROR, "failed to erase a failed record in " + paths[segment] + "; metadata writes stop until a restart", e);
        }
    }

    /** Flushes both segments: makes durable whatever records a replay read, even those still only in the page cache. */
    void flush() {
        for (int i = 0; i < 2; i++) {
            try {
                segments[i].force(false);
            } catch (IOException e) {
                throw OutOfSpace.orIoFailure("failed to flush metadata log " + paths[i], e);
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(segments);
    }

    private ByteBuffer encode(long sequence, byte[] payload) {
        ByteBuffer record = ByteBuffer.allocate(HEADER_SIZE + payload.length);
        record.putInt(payload.length).putInt(0).putLong(sequence).put(payload).flip();
        record.putInt(4, checksum(record, 0, payload.length));
        return record;
    }

    /** CRC32C of the length, the sequence number and the payload of the record at {@code offset}. */
    private int checksum(ByteBuffer contents, int offset, int payloadLength) {
        crc.reset();
        crc.update(contents.slice(offset, 4));
        crc.update(contents.slice(offset + 8, HEADER_SIZE - 8 + payloadLength));
        return (int) crc.getValue();
    }

    /** The payload of the record at {@code offset} if it is whole and numbered {@code sequence}, else null. */
    private ByteBuffer read(ByteBuffer contents, long offset, long sequence) {
        if (offset + HEADER_SIZE > contents.capacity()) {
            return null;
        }
        int start = (int) offset;
        int length = contents.getInt(start);
        if (length <= 0 || length > contents.capacity() - start - HEADER_SIZE || contents.getLong(start + 8) != sequence) {
            return null;
        }
        if (contents.getInt(start + 4) != checksum(contents, start, length)) {
            return null;
        }
        return contents.slice(start + HEADER_SIZE, length);
    }

    private ByteBuffer map(int segment) throws IOException {
        long size = segments[segment].size();
        if (size > Integer.MAX_VALUE) {
            throw new IOException(paths[segment] + " is larger than a log segment can be: " + size + " bytes");
        }
        return segments[segment].map(FileChannel.MapMode.READ_ONLY, 0, size);
    }

    /** Writes zeros after the segment's end until {@code size} bytes of it are written. */
    private void grow(int segment, long size) throws IOException {
        if (size <= written[segment]) {
            return;
        }
        long target = (size + GROWTH - 1) / GROWTH * GROWTH;
        try {
            for (long at = written[segment]; at < target; ) {
                ByteBuffer zeros = ZEROS.duplicate().limit((int) Math.min(GROWTH, target - at));
                at += writeFully(segments[segment], zeros, at);
            }
        } finally {
            written[segment] = segments[segment].size();
        }
    }

    private static int writeFully(FileChannel channel, ByteBuffer buffer, long offset) throws IOException {
        int total = buffer.remaining();
        for (long at = offset; buffer.hasRemaining(); ) {
            at += channel.write(buffer, at);
        }
        return total;
    }

    private static void closeQuietly(FileChannel[] channels) {
        for (FileChannel channel : channels) {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "failed to close metadata log segment", e);
                }
            }
        }
    }
}
