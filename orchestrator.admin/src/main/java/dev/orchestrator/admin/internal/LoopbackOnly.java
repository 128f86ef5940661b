package dev.orchestrator.admin.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Whether a client address may use the endpoint: only 127.0.0.0/8 and ::1 (IPv4-mapped loopback included).
 *
 * <p>On a server without TLS and authentication (development) this is the endpoint's only protection: anyone who
 * can reach it can replace code in the running process ({@link AdminAccess}).
 */
final class LoopbackOnly {

    /** Numeric IPv4 and IPv6 literals only, so that checking never triggers a DNS lookup. */
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f]*:[0-9A-Fa-f:.]*(%[\\w.-]+)?");

    private LoopbackOnly() {
    }

    /** @param remoteAddr {@code ServletRequest.getRemoteAddr()}: an IP literal, IPv6 possibly in brackets */
    static boolean allows(String remoteAddr) {
        if (remoteAddr == null) {
            return false;
        }
        String literal = remoteAddr.startsWith("[") && remoteAddr.endsWith("]")
                ? remoteAddr.substring(1, remoteAddr.length() - 1) : remoteAddr;
        if (!IPV4.matcher(literal).matches() && !IPV6.matcher(literal).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
