package dev.orchestrator.http.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Collects bytes up to a limit, then fails the write that reaches it, so that a copy into it stops there (a
 * refusal's body is read to explain it, not to be kept whole).
 */
final class BoundedBuffer extends ByteArrayOutputStream {

    private final int limit;

    BoundedBuffer(int limit) {
        this.limit = limit;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        super.write(b, off, Math.min(len, limit - size()));
        if (size() >= limit) {
            throw new UncheckedIOException(new IOException("the limit of " + limit + " bytes is reached"));
        }
    }
}
