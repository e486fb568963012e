package dev.strata.build.layer;

import java.io.IOException;
import java.io.OutputStream;

/** Passes writes through but only flushes on close, so a wrapping compressor can finish without closing the target. */
public final class KeepOpenOutputStream extends OutputStream {
    private final OutputStream target;

    public KeepOpenOutputStream(OutputStream target) {
        this.target = target;
    }

    @Override
    public void write(int b) throws IOException {
        target.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        target.write(bytes, offset, length);
    }

    @Override
    public void close() throws IOException {
        target.flush();
    }
}
