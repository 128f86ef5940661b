package dev.orchestrator.kubelet.internal.probes;

import io.grpc.MethodDescriptor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The one gRPC method grpc probes call, {@code grpc.health.v1.Health/Check}, with its two messages
 * encoded by hand instead of generated code: {@code HealthCheckRequest { string service = 1; }}
 * and {@code HealthCheckResponse { ServingStatus status = 1; }} (UNKNOWN 0, SERVING 1,
 * NOT_SERVING 2, SERVICE_UNKNOWN 3). The kubelet needs no protobuf runtime for that.
 */
final class HealthCheckCall {

    static final int SERVING = 1;

    static final MethodDescriptor<String, Integer> CHECK = MethodDescriptor.<String, Integer>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName("grpc.health.v1.Health/Check")
            .setRequestMarshaller(new RequestMarshaller())
            .setResponseMarshaller(new ResponseMarshaller())
            .build();

    private HealthCheckCall() {
    }

    /** The name Kubernetes shows for a serving status. */
    static String statusName(int status) {
        return switch (status) {
            case 0 -> "UNKNOWN";
            case 1 -> "SERVING";
            case 2 -> "NOT_SERVING";
            case 3 -> "SERVICE_UNKNOWN";
            default -> Integer.toString(status);
        };
    }

    /** Field 1 (length-delimited) holds the service name; an empty name is not written at all (proto3). */
    static final class RequestMarshaller implements MethodDescriptor.Marshaller<String> {
        @Override
        public InputStream stream(String service) {
            byte[] name = service.getBytes(StandardCharsets.UTF_8);
            if (name.length == 0) {
                return new ByteArrayInputStream(new byte[0]);
            }
            byte[] length = varint(name.length);
            byte[] message = new byte[1 + length.length + name.length];
            message[0] = 0x0A; // field 1, wire type 2
            System.arraycopy(length, 0, message, 1, length.length);
            System.arraycopy(name, 0, message, 1 + length.length, name.length);
            return new ByteArrayInputStream(message);
        }

        @Override
        public String parse(InputStream stream) {
            try {
                ProtoReader in = new ProtoReader(stream);
                String service = "";
                for (int key = in.key(); key >= 0; key = in.key()) {
                    if (key == 0x0A) {
                        service = new String(in.bytes(), StandardCharsets.UTF_8);
                    } else {
                        in.skip(key & 7);
                    }
                }
                return service;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Field 1 (varint) holds the status; other fields are skipped; an absent status is UNKNOWN (0). */
    static final class ResponseMarshaller implements MethodDescriptor.Marshaller<Integer> {
        @Override
        public InputStream stream(Integer status) {
            if (status == 0) {
                return new ByteArrayInputStream(new byte[0]);
            }
            byte[] value = varint(status);
            byte[] message = new byte[1 + value.length];
            message[0] = 0x08; // field 1, wire type 0
            System.arraycopy(value, 0, message, 1, value.length);
            return new ByteArrayInputStream(message);
        }

        @Override
        public Integer parse(InputStream stream) {
            try {
                ProtoReader in = new ProtoReader(stream);
                int status = 0;
                for (int key = in.key(); key >= 0; key = in.key()) {
                    if (key == 0x08) {
                        status = (int) in.varint();
                    } else {
                        in.skip(key & 7);
                    }
                }
                return status;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static byte[] varint(long value) {
        byte[] buffer = new byte[10];
        int n = 0;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            buffer[n++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[n++] = (byte) v;
        return java.util.Arrays.copyOf(buffer, n);
    }

    /** Just enough of the protobuf wire format to read two one-field messages and skip the rest. */
    private static final class ProtoReader {
        private final InputStream in;

        ProtoReader(InputStream in) {
            this.in = in;
        }

        /** The next field's key, -1 at the end of the message. */
        int key() throws IOException {
            int first = in.read();
            if (first < 0) {
                return -1;
            }
            return (int) varint(first);
        }

        long varint() throws IOException {
            return varint(next());
        }

        private long varint(int first) throws IOException {
            long value = first & 0x7F;
            int b = first;
            for (int shift = 7; (b & 0x80) != 0; shift += 7) {
                if (shift > 63) {
                    throw new IOException("malformed varint");
                }
                b = next();
                value |= (long) (b & 0x7F) << shift;
            }
            return value;
        }

        byte[] bytes() throws IOException {
            long length = varint();
            if (length < 0 || length > 1 << 20) {
                throw new IOException("field too long: " + length);
            }
            byte[] data = in.readNBytes((int) length);
            if (data.length != length) {
                throw new IOException("truncated message");
            }
            return data;
        }

        void skip(int wireType) throws IOException {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> skipBytes(8);
                case 2 -> bytes();
                case 5 -> skipBytes(4);
                default -> throw new IOException("unsupported wire type " + wireType);
            }
        }

        private void skipBytes(int n) throws IOException {
            if (in.readNBytes(n).length != n) {
                throw new IOException("truncated message");
            }
        }

        private int next() throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new IOException("truncated message");
            }
            return b;
        }
    }
}
