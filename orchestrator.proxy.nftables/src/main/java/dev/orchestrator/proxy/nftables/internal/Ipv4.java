package dev.orchestrator.proxy.nftables.internal;

/**
 * Checks of the addresses that go into nft text: a bad one would fail the whole transaction.
 * Written as plain loops: a sync of 10,000 services checks some 30,000 addresses.
 */
final class Ipv4 {

    private Ipv4() {
    }

    /** A dotted quad such as {@code 10.96.0.1}, each part 0–255 without leading zeros. */
    static boolean isAddress(String text) {
        return text != null && quadEnd(text, 0) == text.length();
    }

    /** An address with a prefix length 0–32, such as {@code 10.244.0.0/16}. */
    static boolean isCidr(String text) {
        if (text == null) {
            return false;
        }
        int slash = quadEnd(text, 0);
        if (slash < 0 || slash >= text.length() || text.charAt(slash) != '/') {
            return false;
        }
        int length = number(text, slash + 1);
        return length >= 0 && length <= 32 && slash + 1 + digits(length) == text.length();
    }

    static boolean isPort(int port) {
        return port > 0 && port < 65536;
    }

    /** Where a dotted quad starting at {@code from} ends, or -1 when there is none. */
    private static int quadEnd(String text, int from) {
        int at = from;
        for (int part = 0; part < 4; part++) {
            if (part > 0) {
                if (at >= text.length() || text.charAt(at) != '.') {
                    return -1;
                }
                at++;
            }
            int value = number(text, at);
            if (value < 0 || value > 255) {
                return -1;
            }
            at += digits(value);
        }
        return at;
    }

    /** The decimal number without leading zeros at {@code from} (at most 3 digits), or -1. */
    private static int number(String text, int from) {
        int value = -1;
        for (int i = from; i < text.length() && i < from + 3; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9' || value == 0) {
                break;
            }
            value = (value < 0 ? 0 : value * 10) + (c - '0');
        }
        return value;
    }

    private static int digits(int value) {
        return value < 10 ? 1 : value < 100 ? 2 : 3;
    }
}
