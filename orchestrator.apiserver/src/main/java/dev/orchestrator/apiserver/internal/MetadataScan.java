package dev.orchestrator.apiserver.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One pass over stored bytes that checks they are one strict JSON object (RFC 8259, UTF-8) on one line and finds
 * where its top-level {@code metadata} object closes. Written for {@link StoredJson}, where Jackson's tokenizer took
 * a fifth of the server's samples while serving pod GETs: without its shared name table (see {@link Json}) it reads
 * through a Reader and decodes every field name; this scan compares names only where it has to (the top level and
 * metadata's own fields), about three times faster on a pod.
 *
 * <p>Whatever it is unsure of (an escaped name where a name matters, nesting deeper than {@link #MAX_DEPTH}, a
 * number or string past Jackson's default limits) it refuses, and the caller decodes instead: a refusal costs time,
 * never correctness.
 */
final class MetadataScan {

    static final int MAX_DEPTH = 1024;
    private static final int MAX_NUMBER_LENGTH = 1000; // Jackson's StreamReadConstraints default
    private static final int MAX_STRING_BYTES = 20_000_000; // the same, counted in bytes (stricter)
    private static final byte[] METADATA = "metadata".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESOURCE_VERSION = "resourceVersion".getBytes(StandardCharsets.US_ASCII);

    private final byte[] b;
    private int i;
    /** One bit per open container below the value being scanned: set for an object, clear for an array. */
    private final long[] objects = new long[MAX_DEPTH / 64];

    private MetadataScan(byte[] bytes) {
        this.b = bytes;
    }

    /**
     * @return the offset of the {@code '}'} closing the top-level metadata object, or -1 when the bytes are not one
     *         well-formed JSON object on one line with exactly one {@code metadata} object that has no
     *         {@code resourceVersion} (or when the scan cannot tell)
     */
    static int metadataEnd(byte[] stored) {
        try {
            return new MetadataScan(stored).topLevel();
        } catch (Refused refused) {
            return -1;
        }
    }

    private int topLevel() {
        blanks();
        expect('{');
        blanks();
        int end = -1;
        if (at() == '}') {
            i++;
        } else {
            while (true) {
                boolean metadata = name(METADATA);
                if (!metadata) {
                    value();
                } else if (end >= 0 || at() != '{') {
                    throw Refused.INSTANCE; // a second one, or not an object: the decoder says what it makes of it
                } else {
                    end = metadataObject();
                }
                blanks();
                if (at() == '}') {
                    i++;
                    break;
                }
                expect(',');
                blanks();
            }
        }
        blanks();
        if (i != b.length || end < 0) {
            throw Refused.INSTANCE;
        }
        return end;
    }

    /** At metadata's {@code '{'}: scans it, returning the offset of its closing brace. */
    private int metadataObject() {
        i++;
        blanks();
        if (at() == '}') {
            return i++;
        }
        while (true) {
            if (name(RESOURCE_VERSION)) {
                throw Refused.INSTANCE; // a stale one to replace: the decoder does that
            }
            value();
            blanks();
            if (at() == '}') {
                return i++;
            }
            expect(',');
            blanks();
        }
    }

    /** Scans {@code "name" :} and the blanks after it; whether the name is {@code wanted}. An escaped one is refused. */
    private boolean name(byte[] wanted) {
        if (at() != '"') {
            throw Refused.INSTANCE;
        }
        int start = i + 1;
        boolean escaped = string();
        int length = i - 1 - start;
        blanks();
        expect(':');
        blanks();
        if (escaped) {
            throw Refused.INSTANCE; // "meta\u0064ata" is metadata too; comparing decoded names is the decoder's job
        }
        return length == wanted.length && Arrays.equals(b, start, start + length, wanted, 0, wanted.length);
    }

    /** Scans one value and whatever it contains, without recursion. */
    private void value() {
        int depth = 0;
        while (true) {
            byte c = at();
            if (c == '{' || c == '[') {
                if (depth == MAX_DEPTH) {
                    throw Refused.INSTANCE;
                }
                push(depth++, c == '{');
                i++;
                blanks();
                if (at() != (c == '{' ? '}' : ']')) {
                    if (c == '{') {
                        objectName();
                    }
                    continue;
                }
                i++;
                depth--;
            } else if (c == '"') {
                string();
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                number();
            } else {
                literal();
            }
            // after a value: close what ends here, then either the next value of a container or done
            while (true) {
                if (depth == 0) {
                    return;
                }
                blanks();
                boolean object = isObject(depth - 1);
                c = at();
                if (c == ',') {
                    i++;
                    blanks();
                    if (object) {
                        objectName();
                    }
                    break;
                }
                if (c != (object ? '}' : ']')) {
                    throw Refused.INSTANCE;
                }
                i++;
                depth--;
            }
        }
    }

    private void objectName() {
        if (at() != '"') {
            throw Refused.INSTANCE;
        }
        string();
        blanks();
        expect(':');
        blanks();
    }

    /** Scans a string from its opening quote; whether it holds an escape. */
    private boolean string() {
        int start = i++;
        boolean escaped = false;
        while (true) {
            int j = i;
            while (j < b.length && b[j] >= 0x20 && b[j] != '"' && b[j] != '\\') {
                j++; // plain ASCII, most of what is stored (a byte past 0x7f is negative)
            }
            i = j;
            int c = at() & 0xff;
            if (c == '"') {
                i++;
                if (i - start > MAX_STRING_BYTES) {
                    throw Refused.INSTANCE;
                }
                return escaped;
            }
            if (c == '\\') {
                escaped = true;
                escape();
            } else if (c < 0x20) {
                throw Refused.INSTANCE; // a control character, or the end of the input
            } else if (c < 0x80) {
                i++;
            } else {
                utf8(c);
            }
        }
    }

    private void escape() {
        i++;
        switch (at()) {
            case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> i++;
            case 'u' -> {
                i++;
                for (int k = 0; k < 4; k++) {
                    if (Character.digit(at(), 16) < 0) {
                        throw Refused.INSTANCE;
                    }
                    i++;
                }
            }
            default -> throw Refused.INSTANCE;
        }
    }

    /** A multi-byte UTF-8 sequence led by {@code lead}: no overlong form, surrogate or code point past U+10FFFF. */
    private void utf8(int lead) {
        int more;
        int low = 0x80;
        int high = 0xbf;
        if (lead >= 0xc2 && lead <= 0xdf) {
            more = 1;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            more = 2;
            low = lead == 0xe0 ? 0xa0 : 0x80;
            high = lead == 0xed ? 0x9f : 0xbf;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            more = 3;
            low = lead == 0xf0 ? 0x90 : 0x80;
            high = lead == 0xf4 ? 0x8f : 0xbf;
        } else {
            throw Refused.INSTANCE;
        }
        i++;
        for (int k = 0; k < more; k++) {
            int c = at() & 0xff;
            if (c < (k == 0 ? low : 0x80) || c > (k == 0 ? high : 0xbf)) {
                throw Refused.INSTANCE;
            }
            i++;
        }
    }

    private void number() {
        int start = i;
        if (at() == '-') {
            i++;
        }
        if (at() == '0') {
            i++;
        } else {
            digits();
        }
        if (at() == '.') {
            i++;
            digits();
        }
        if (at() == 'e' || at() == 'E') {
            i++;
            if (at() == '+' || at() == '-') {
                i++;
            }
            digits();
        }
        if (i - start > MAX_NUMBER_LENGTH) {
            throw Refused.INSTANCE;
        }
    }

    private void digits() {
        int start = i;
        while (at() >= '0' && at() <= '9') {
            i++;
        }
        if (i == start) {
            throw Refused.INSTANCE;
        }
    }

    private void literal() {
        String word = switch (at()) {
            case 't' -> "true";
            case 'f' -> "false";
            case 'n' -> "null";
            default -> throw Refused.INSTANCE;
        };
        for (int k = 0; k < word.length(); k++, i++) {
            if (at() != word.charAt(k)) {
                throw Refused.INSTANCE;
            }
        }
    }

    /** Spaces and tabs; a line break between tokens is refused, as a watch event must be one line. */
    private void blanks() {
        while (i < b.length && (b[i] == ' ' || b[i] == '\t')) {
            i++;
        }
    }

    private void expect(char c) {
        if (at() != c) {
            throw Refused.INSTANCE;
        }
        i++;
    }

    /** The byte at the position, or 0 past the end (0 is wrong wherever a byte is expected). */
    private byte at() {
        return i < b.length ? b[i] : 0;
    }

    private void push(int level, boolean object) {
        long bit = 1L << (level & 63);
        objects[level >> 6] = object ? objects[level >> 6] | bit : objects[level >> 6] & ~bit;
    }

    private boolean isObject(int level) {
        return (objects[level >> 6] & (1L << (level & 63))) != 0;
    }

    /** Ends the scan: the bytes are not what it can vouch for. Shared and stackless, as it ends scans often. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Refused INSTANCE = new Refused();

        private Refused() {
            super(null, null, false, false);
        }
    }
}
