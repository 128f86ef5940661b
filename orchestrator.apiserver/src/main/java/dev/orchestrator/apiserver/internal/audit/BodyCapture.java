package dev.orchestrator.apiserver.internal.audit;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * Copies of what a request sends and what its answer says, for the Request and RequestResponse audit levels, up to
 * {@value #LIMIT} bytes each (a larger body is not logged, as a truncated object would not parse).
 */
final class BodyCapture {

    static final int LIMIT = 1 << 20;

    private BodyCapture() {
    }

    /** A bounded copy; {@link #bytes()} is null once the body passed the limit. */
    static final class Copy {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean overflowed;

        void add(int b) {
            if (!overflowed && bytes.size() < LIMIT) {
                bytes.write(b);
            } else {
                overflowed = true;
            }
        }

        void add(byte[] b, int off, int len) {
            if (!overflowed && bytes.size() + len <= LIMIT) {
                bytes.write(b, off, len);
            } else {
                overflowed = true;
            }
        }

        byte[] bytes() {
            return overflowed ? null : bytes.toByteArray();
        }
    }

    static final class Request extends HttpServletRequestWrapper {
        final Copy copy = new Copy();
        private ServletInputStream stream;

        Request(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                ServletInputStream in = super.getInputStream();
                stream = new ServletInputStream() {
                    @Override
                    public int read() throws IOException {
                        int b = in.read();
                        if (b >= 0) {
                            copy.add(b);
                        }
                        return b;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) throws IOException {
                        int n = in.read(b, off, len);
                        if (n > 0) {
                            copy.add(b, off, n);
                        }
                        return n;
                    }

                    @Override
                    public boolean isFinished() {
                        return in.isFinished();
                    }

                    @Override
                    public boolean isReady() {
                        return in.isReady();
                    }

                    @Override
                    public void setReadListener(ReadListener listener) {
                        in.setReadListener(listener);
                    }
                };
            }
            return stream;
        }
    }

    static final class Response extends HttpServletResponseWrapper {
        final Copy copy = new Copy();
        private ServletOutputStream stream;

        Response(HttpServletResponse response) {
            super(response);
        }

        @Override
        public ServletOutputStream getOutputStream() throws IOException {
            if (stream == null) {
                ServletOutputStream out = super.getOutputStream();
                stream = new ServletOutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        copy.add(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        copy.add(b, off, len);
                    }

                    @Override
                    public void flush() throws IOException {
                        out.flush();
                    }

                    @Override
                    public boolean isReady() {
                        return out.isReady();
                    }

                    @Override
                    public void setWriteListener(WriteListener listener) {
                        out.setWriteListener(listener);
                    }
                };
            }
            return stream;
        }
    }
}
