package dev.orchestrator.support.x509;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little of ASN.1 DER that reading a PKCS#10 request and writing an X.509 certificate need: one element
 * (tag, content, its whole encoding) read from bytes, and elements written from their parts. The JDK parses
 * certificates and verifies signatures; it only lacks a public PKCS#10 reader and a certificate writer.
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OID = 0x06;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;
    static final int SEQUENCE = 0x30;

    /** One element: its tag, its content and its whole encoding (tag, length and content). */
    record Element(int tag, byte[] content, byte[] encoded) {

        /** The elements inside a constructed element (a SEQUENCE, a SET, a context tag). */
        List<Element> children() {
            List<Element> out = new ArrayList<>();
            int at = 0;
            while (at < content.length) {
                Element e = read(content, at);
                out.add(e);
                at += e.encoded.length;
            }
            return out;
        }
    }

    private Der() {
    }

    /** The element at {@code offset} of {@code bytes}. */
    static Element read(byte[] bytes, int offset) {
        if (offset + 2 > bytes.length) {
            throw new IllegalArgumentException("truncated DER");
        }
        int tag = bytes[offset] & 0xff;
        int length = bytes[offset + 1] & 0xff;
        int header = 2;
        if (length > 0x80) {
            int count = length & 0x7f;
            if (count > 3 || offset + 2 + count > bytes.length) {
                throw new IllegalArgumentException("unsupported DER length");
            }
            length = 0;
            for (int i = 0; i < count; i++) {
                length = (length << 8) | (bytes[offset + 2 + i] & 0xff);
            }
            header += count;
        } else if (length == 0x80) {
            throw new IllegalArgumentException("indefinite length is not DER");
        }
        int end = offset + header + length;
        if (end > bytes.length || end < offset) {
            throw new IllegalArgumentException("truncated DER");
        }
        return new Element(tag, Arrays.copyOfRange(bytes, offset + header, end), Arrays.copyOfRange(bytes, offset, end));
    }

    /** The one element that {@code bytes} hold, nothing after it. */
    static Element readWhole(byte[] bytes) {
        Element e = read(bytes, 0);
        if (e.encoded.length != bytes.length) {
            throw new IllegalArgumentException("bytes after the DER element");
        }
        return e;
    }

    static byte[] element(int tag, byte[]... parts) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            content.writeBytes(p);
        }
        byte[] body = content.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int n = body.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n < 0x100) {
            out.write(0x81);
            out.write(n);
        } else if (n < 0x10000) {
            out.write(0x82);
            out.write(n >> 8);
            out.write(n);
        } else {
            out.write(0x83);
            out.write(n >> 16);
            out.write(n >> 8);
            out.write(n);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return element(SEQUENCE, parts);
    }

    static byte[] integer(BigInteger value) {
        return element(INTEGER, value.toByteArray());
    }

    static byte[] bitString(byte[] bytes) {
        byte[] content = new byte[bytes.length + 1]; // no unused bits
        System.arraycopy(bytes, 0, content, 1, bytes.length);
        return element(BIT_STRING, content);
    }

    static byte[] octetString(byte[] bytes) {
        return element(OCTET_STRING, bytes);
    }

    static byte[] bool(boolean value) {
        return element(0x01, new byte[]{(byte) (value ? 0xff : 0)});
    }

    /** An object identifier from its dotted form. */
    static byte[] oid(String dotted) {
        String[] arcs = dotted.split("\\.");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(Integer.parseInt(arcs[0]) * 40 + Integer.parseInt(arcs[1]));
        for (int i = 2; i < arcs.length; i++) {
            long v = Long.parseLong(arcs[i]);
            int groups = 1;
            for (long t = v >> 7; t > 0; t >>= 7) {
                groups++;
            }
            for (int g = groups - 1; g >= 0; g--) {
                int b = (int) ((v >> (7 * g)) & 0x7f);
                out.write(g > 0 ? b | 0x80 : b);
            }
        }
        return element(OID, out.toByteArray());
    }

    /** The dotted form of an object identifier's content. */
    static String oidText(byte[] content) {
        StringBuilder s = new StringBuilder();
        long v = 0;
        for (int i = 0; i < content.length; i++) {
            v = (v << 7) | (content[i] & 0x7f);
            if ((content[i] & 0x80) == 0) {
                if (s.isEmpty()) {
                    s.append(v < 80 ? v / 40 : 2).append('.').append(v < 80 ? v % 40 : v - 80);
                } else {
                    s.append('.').append(v);
                }
                v = 0;
            }
        }
        return s.toString();
    }
}
