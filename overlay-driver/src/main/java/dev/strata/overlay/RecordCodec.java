package dev.strata.overlay;

import dev.strata.snapshots.Kind;
import dev.strata.snapshots.Usage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The binary form of a {@link SnapshotRecord}: a version byte, then the fields in a fixed order.
 * Strings are a length and UTF-8 bytes (not DataOutput's modified UTF-8, which caps at 64 KiB and
 * mangles NUL). Kinds use containerd's numbers (1 view, 2 active, 3 committed).
 */
final class RecordCodec {
    static final byte VERSION = 1;

    private RecordCodec() {
    }

    static byte[] encode(SnapshotRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writeString(out, record.name());
            out.writeLong(record.id());
            out.writeByte(kindCode(record.kind()));
            writeString(out, record.parent());
            out.writeInt(record.labels().size());
            for (Map.Entry<String, String> label : record.labels().entrySet()) {
                writeString(out, label.getKey());
                writeString(out, label.getValue());
            }
            writeInstant(out, record.created());
            writeInstant(out, record.updated());
            out.writeLong(record.usage().size());
            out.writeLong(record.usage().inodes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SnapshotRecord decode(byte[] data) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("failed to decode snapshot record: unknown version " + version);
            }
            String name = readString(in);
            long id = in.readLong();
            Kind kind = kindOf(in.readByte());
            String parent = readString(in);
            int labelCount = in.readInt();
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < labelCount; i++) {
                labels.put(readString(in), readString(in));
            }
            Instant created = readInstant(in);
            Instant updated = readInstant(in);
            Usage usage = new Usage(in.readLong(), in.readLong());
            return new SnapshotRecord(name, id, kind, parent, labels, created, updated, usage);
        } catch (IOException e) {
            throw new IllegalStateException("failed to decode snapshot record: " + e.getMessage(), e);
        }
    }

    /** The id of an encoded record, read in place without decoding the other fields. */
    static long id(ByteBuffer encoded) {
        ByteBuffer in = encoded.duplicate().order(ByteOrder.BIG_ENDIAN);
        byte version = in.get(0);
        if (version != VERSION) {
            throw new IllegalStateException("failed to decode snapshot record: unknown version " + version);
        }
        int nameLength = in.getInt(1);
        return in.getLong(1 + Integer.BYTES + nameLength);
    }

    private static byte kindCode(Kind kind) {
        return switch (kind) {
            case VIEW -> 1;
            case ACTIVE -> 2;
            case COMMITTED -> 3;
        };
    }

    private static Kind kindOf(byte code) {
        return switch (code) {
            case 1 -> Kind.VIEW;
            case 2 -> Kind.ACTIVE;
            case 3 -> Kind.COMMITTED;
            default -> throw new IllegalStateException("failed to decode snapshot record: unknown kind " + code);
        };
    }

    private static void writeString(DataOutputStream out, String value) throws IOException {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] utf8 = new byte[in.readInt()];
        in.readFully(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private static void writeInstant(DataOutputStream out, Instant instant) throws IOException {
        out.writeLong(instant.getEpochSecond());
        out.writeInt(instant.getNano());
    }

    private static Instant readInstant(DataInputStream in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
