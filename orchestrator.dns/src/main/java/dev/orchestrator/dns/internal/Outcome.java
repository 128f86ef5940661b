package dev.orchestrator.dns.internal;

import org.xbill.DNS.Message;

/** What a listener does with one received packet. */
sealed interface Outcome {

    /** Send these bytes back. */
    record Reply(byte[] wire) implements Outcome {
    }

    /** Ask the upstreams (on a thread that may block), then send their answer back, limited to {@code maxLength}. */
    record Forward(Message query, byte[] wire, int maxLength) implements Outcome {
    }

    /** Say nothing: not a query at all (too short to answer, or a response). */
    record Drop(String why) implements Outcome {
    }
}
