package dev.orchestrator.dns.internal;

import java.io.IOException;
import org.xbill.DNS.Message;

/** Helpers for relaying upstream answers. */
final class Forwarding {

    private Forwarding() {
    }

    /**
     * An upstream answer as the client may receive it: unchanged when it fits, else re-encoded truncated (TC), for
     * an upstream that ignored the size the query advertised.
     */
    static byte[] fit(byte[] answer, int maxLength) throws IOException {
        return answer.length <= maxLength ? answer : new Message(answer).toWire(maxLength);
    }
}
