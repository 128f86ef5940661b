package dev.orchestrator.apiserver.internal.validation;

import java.util.ArrayList;
import java.util.List;

/** IP addresses and CIDRs, parsed by hand (never through DNS), with Kubernetes' wording. */
public final class Networks {

    public static final String IP_ERROR = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public static final String CIDR_ERROR = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    private Networks() {
    }

    /** The 4 bytes of a dotted-quad IPv4 address, or null. */
    static int[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        int[] bytes = new int[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            bytes[i] = Integer.parseInt(p);
            if (bytes[i] > 255) {
                return null;
            }
        }
        return bytes;
    }

    public static boolean isIPv4(String s) {
        return ipv4(s) != null;
    }

    /** RFC 4291 text form: up to 8 hex groups, one "::", an optional trailing IPv4 part; no zone. */
    public static boolean isIPv6(String s) {
        if (!s.contains(":") || s.contains("%")) {
            return false;
        }
        String body = s;
        int groups = 0;
        int lastColon = s.lastIndexOf(':');
        String tail = s.substring(lastColon + 1);
        if (tail.contains(".")) {
            if (!isIPv4(tail)) {
                return false;
            }
            body = s.substring(0, lastColon + 1) + "0";
            groups++; // the IPv4 part takes two groups; "0" below counts as one more
        }
        int doubleColon = body.indexOf("::");
        if (doubleColon >= 0 && body.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String[] halves = doubleColon >= 0 ? new String[] {body.substring(0, doubleColon), body.substring(doubleColon + 2)}
                : new String[] {body};
        for (String half : halves) {
            if (half.isEmpty()) {
                continue;
            }
            for (String g : half.split(":", -1)) {
                if (g.isEmpty() || g.length() > 4 || !g.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
                    return false;
                }
                groups++;
            }
        }
        return doubleColon >= 0 ? groups <= 7 : groups == 8;
    }

    public static boolean isIP(String s) {
        return isIPv4(s) || isIPv6(s);
    }

    public static boolean isCIDR(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return false;
        }
        String ip = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        if (bits.isEmpty() || bits.length() > 3 || !bits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int prefix = Integer.parseInt(bits);
        return isIPv4(ip) ? prefix <= 32 : isIPv6(ip) && prefix <= 128;
    }

    /**
     * Why an endpoint address may not be used although it is an IP: unspecified, loopback,
     * link-local or link-local multicast (Kubernetes' {@code ValidateNonSpecialIP}).
     */
    public static List<String> specialIpProblems(String s) {
        List<String> problems = new ArrayList<>();
        int[] v4 = ipv4(s);
        String lower = s.toLowerCase();
        if (v4 != null) {
            if (v4[0] == 0 && v4[1] == 0 && v4[2] == 0 && v4[3] == 0) {
                problems.add("may not be unspecified (0.0.0.0)");
            } else if (v4[0] == 127) {
                problems.add("may not be in the loopback range (127.0.0.0/8, ::1/128)");
            } else if (v4[0] == 169 && v4[1] == 254) {
                problems.add("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
            } else if (v4[0] == 224 && v4[1] == 0 && v4[2] == 0) {
                problems.add("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
            }
        } else if (isIPv6(s)) {
            if (!lower.matches(".*[1-9a-f].*")) {
                problems.add("may not be unspecified (::)");
            } else if (lower.equals("::1")) {
                problems.add("may not be in the loopback range (127.0.0.0/8, ::1/128)");
            } else if (lower.matches("fe[89ab][0-9a-f]?:.*")) {
                problems.add("may not be in the link-local range (169.254.0.0/16, fe80::/10)");
            } else if (lower.startsWith("ff02:")) {
                problems.add("may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)");
            }
        }
        return problems;
    }
}
