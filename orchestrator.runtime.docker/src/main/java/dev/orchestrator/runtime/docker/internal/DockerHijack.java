package dev.orchestrator.runtime.docker.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.NotFoundException;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * A hijacked Docker Engine connection ({@code Upgrade: tcp}), as the docker CLI and dockershim use for exec start
 * and attach: after dockerd's {@code 101}, the socket carries the process's output (multiplexed in 8-byte framed
 * chunks without a terminal, raw with one) and takes its input; the end of the input is a half-close of the socket.
 * docker-java's hijacking cannot half-close (its stdin never ends), so this talks to the socket itself.
 */
final class DockerHijack implements AutoCloseable {

    private static final int MAX_HEAD = 64 * 1024;
    private final SocketChannel socket;
    private final InputStream fromDocker;

    private DockerHijack(SocketChannel socket, InputStream fromDocker) {
        this.socket = socket;
        this.fromDocker = fromDocker;
    }

    /**
     * Sends {@code POST path} with a JSON body on a new connection to dockerd and waits for its switch of protocols.
     *
     * @throws NotFoundException when dockerd answers 404 (no such exec or container)
     * @throws ContainerRuntimeException with dockerd's message for any other refusal
     */
    static DockerHijack open(Path dockerSocket, String path, String json) throws IOException {
        SocketChannel socket;
        try {
            socket = SocketChannel.open(UnixDomainSocketAddress.of(dockerSocket));
        } catch (IOException e) {
            throw new RuntimeUnavailableException("docker at unix://" + dockerSocket + " cannot be reached: "
                    + e.getMessage(), e);
        }
        try {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            String head = "POST " + path + " HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\n"
                    + "Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Length: " + body.length + "\r\n\r\n";
            OutputStream out = output(socket);
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = input(socket);
            String response = readHead(in);
            int status = Integer.parseInt(response.split(" ", 3)[1]);
            if (status != 101 && status != 200) {
                String message = DockerErrors.messageOf(new String(in.readNBytes(MAX_HEAD), StandardCharsets.UTF_8));
                throw status == 404 ? new NotFoundException(message) : new ContainerRuntimeException(message);
            }
            return new DockerHijack(socket, in);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("dockerd closed the connection before answering");
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("dockerd's answer has no end of head");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Copies {@code input} to the process on a thread of {@code threads}, and half-closes the connection when it
     * ends ({@code onEnd} runs then, e.g. to end an attach); null when there is no input.
     */
    Future<?> sendInput(Optional<InputStream> input, ExecutorService threads, Runnable onEnd) {
        if (input.isEmpty()) {
            return null;
        }
        return threads.submit(() -> {
            try (InputStream in = input.get()) {
                OutputStream toDocker = output(socket);
                byte[] buffer = new byte[16 * 1024];
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    toDocker.write(buffer, 0, n);
                }
                socket.shutdownOutput();
            } catch (IOException e) {
                // the process's side or the client's is gone: the output side notices
            }
            onEnd.run();
        });
    }

    /**
     * Copies the process's output to the client until dockerd ends it: raw to {@code stdout} with a terminal, else
     * docker's frames (type 1 stdout, 2 stderr; 4-byte big-endian size) to the stream of their type. Output nobody
     * asked for is dropped.
     */
    void copyOutput(boolean tty, Optional<OutputStream> stdout, Optional<OutputStream> stderr) throws IOException {
        byte[] buffer = new byte[32 * 1024];
        if (tty) {
            for (int n = fromDocker.read(buffer); n >= 0; n = fromDocker.read(buffer)) {
                if (stdout.isPresent()) {
                    stdout.get().write(buffer, 0, n);
                }
            }
            return;
        }
        byte[] header = new byte[8];
        while (fromDocker.readNBytes(header, 0, 8) == 8) {
            int size = ByteBuffer.wrap(header, 4, 4).getInt();
            Optional<OutputStream> target = header[0] == 2 ? stderr : header[0] == 1 ? stdout : Optional.empty();
            while (size > 0) {
                int n = fromDocker.read(buffer, 0, Math.min(buffer.length, size));
                if (n < 0) {
                    return;
                }
                if (target.isPresent()) {
                    target.get().write(buffer, 0, n);
                }
                size -= n;
            }
        }
    }

    /*
     * Channels.newInputStream/newOutputStream hold the channel's blocking lock while they read or write, so the input
     * could not be sent while the output is awaited; the channel's own read and write lock apart.
     */
    private static InputStream input(SocketChannel socket) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                do {
                    n = socket.read(ByteBuffer.wrap(b, off, len));
                } while (n == 0);
                return n;
            }
        };
    }

    private static OutputStream output(SocketChannel socket) {
        return new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buffer = ByteBuffer.wrap(b, off, len);
                while (buffer.hasRemaining()) {
                    socket.write(buffer);
                }
            }
        };
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
