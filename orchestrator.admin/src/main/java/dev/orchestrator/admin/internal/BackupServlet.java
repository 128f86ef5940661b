package dev.orchestrator.admin.internal;

import dev.orchestrator.api.store.Store;
import dev.orchestrator.api.store.StoreException;
import dev.orchestrator.store.backup.SnapshotSummary;
import dev.orchestrator.store.backup.StoreSnapshot;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /orchestrator/v1/backup}: the store's keys under {@code /registry/} at one revision, as a snapshot
 * file (format in {@code docs/store.md}), streamed while the cluster keeps running.
 *
 * <p>A failure before the first byte is a {@code metav1.Status}; once streaming has begun the status line is
 * sent, so a failure aborts the response instead: the client then holds a file without its checksum trailer,
 * which {@code ./orch backup} (and any restore) refuses as truncated.
 */
final class BackupServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(BackupServlet.class);
    private static final long LOG_EVERY_KEYS = 10_000;

    private final transient Store store;
    private final transient AdminAccess access;

    BackupServlet(Store store, AdminAccess access) {
        this.store = store;
        this.access = access;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            access.check(request);
            if (!"GET".equals(request.getMethod())) {
                throw new AdminException(405, "MethodNotAllowed", "method " + request.getMethod()
                        + " is not supported here; GET /orchestrator/v1/backup streams a snapshot");
            }
        } catch (AdminException e) {
            AdminJson.write(response, e.code, AdminJson.failure(e));
            return;
        }
        response.setStatus(200);
        response.setContentType("application/octet-stream");
        response.setHeader("Content-Disposition", "attachment; filename=\"orchestrator.snapshot\"");
        long started = System.nanoTime();
        CommitOnFirstByte out = new CommitOnFirstByte(response);
        try {
            SnapshotSummary summary = StoreSnapshot.write(store, StoreSnapshot.PREFIX, out, keys -> {
                if (keys % LOG_EVERY_KEYS == 0 && keys > 0) {
                    LOG.info("backup streaming keys={}", keys);
                }
            });
            out.flush();
            LOG.info("backup done revision={} keys={} sha256={} tookMs={}", summary.revision(), summary.count(),
                    summary.sha256(), (System.nanoTime() - started) / 1_000_000);
        } catch (StoreException e) {
            if (!out.started) {
                AdminJson.write(response, 503, AdminJson.status(false, 503, "ServiceUnavailable",
                        "the store cannot be read for a backup: " + e.getMessage()));
                return;
            }
            LOG.warn("backup aborted after it started streaming; the client's file has no checksum trailer", e);
            throw new UncheckedIOException(new IOException("backup aborted: " + e.getMessage(), e));
        }
    }

    /** Buffers the stream and remembers whether anything reached the client (after that, no Status can follow). */
    private static final class CommitOnFirstByte extends OutputStream {
        private final HttpServletResponse response;
        private OutputStream target;
        boolean started;

        CommitOnFirstByte(HttpServletResponse response) {
            this.response = response;
        }

        @Override
        public void write(int b) throws IOException {
            target().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            target().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            target().flush();
        }

        private OutputStream target() throws IOException {
            if (target == null) {
                started = true;
                target = new BufferedOutputStream(response.getOutputStream(), 1 << 16);
            }
            return target;
        }
    }
}
