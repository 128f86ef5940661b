package dev.orchestrator.proxy.nftables.internal;

/** Checks of the addresses that go into nft text: a bad one would fail the whole transaction. */
final class Ipv4 {

    private Ipv4() {
    }

    /** A dotted quad such as {@code 10.96.0.1}, each part 0–255 without leading zeros. */
    static boolean isAddress(String text) {
        if (text == null) {
            return false;
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 3 || (part.length() > 1 && part.charAt(0) == '0')
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9') || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** An address with a prefix length 0–32, such as {@code 10.244.0.0/16}. */
    static boolean isCidr(String text) {
        if (text == null) {
            return false;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String length = text.substring(slash + 1);
        return isAddress(text.substring(0, slash)) && !length.isEmpty() && length.length() <= 2
                && length.chars().allMatch(c -> c >= '0' && c <= '9') && Integer.parseInt(length) <= 32;
    }

    static boolean isPort(int port) {
        return port > 0 && port < 65536;
    }
}
