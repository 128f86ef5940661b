package dev.orchestrator.dns.internal;

import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Turns one received DNS message into what to send back, for UDP and TCP alike: names of the cluster are answered
 * from {@link ClusterRecords} (authoritative, with the SOA in the authority section of negative answers), other
 * names are forwarded when upstreams are configured and REFUSED otherwise. Malformed queries get FORMERR; UDP
 * answers larger than the client accepts are truncated (TC) so that it asks again over TCP. Thread-safe.
 */
final class DnsResponder {

    private static final Logger LOG = LoggerFactory.getLogger(DnsResponder.class);
    /** The largest UDP answer sent (the EDNS payload size DNS flag day 2020 settled on: no IP fragmentation). */
    static final int MAX_UDP_PAYLOAD = 1232;
    static final int PLAIN_UDP_PAYLOAD = 512;
    static final int MAX_TCP_MESSAGE = 65535;

    private final ClusterRecords records;
    private final ServiceCatalog catalog;
    private final boolean forwarding;

    DnsResponder(ClusterRecords records, ServiceCatalog catalog, boolean forwarding) {
        this.records = records;
        this.catalog = catalog;
        this.forwarding = forwarding;
    }

    /** The outcome for {@code length} bytes of {@code data} received over UDP ({@code tcp} false) or TCP. */
    Outcome handle(byte[] data, int length, boolean tcp) {
        byte[] wire = Arrays.copyOf(data, length);
        if (length < Header.LENGTH) {
            return new Outcome.Drop("shorter than a DNS header");
        }
        Message query;
        try {
            query = new Message(wire);
        } catch (IOException | RuntimeException e) {
            return formerr(wire, e);
        }
        Header header = query.getHeader();
        if (header.getFlag(Flags.QR)) {
            return new Outcome.Drop("a response, not a query");
        }
        int maxLength = tcp ? MAX_TCP_MESSAGE : udpLimit(query.getOPT());
        if (header.getOpcode() != Opcode.QUERY) {
            return reply(query, Rcode.NOTIMP, false, maxLength);
        }
        Record question = query.getQuestion();
        if (question == null || header.getCount(Section.QUESTION) != 1) {
            return reply(query, Rcode.FORMERR, false, maxLength);
        }
        if (question.getType() == Type.AXFR || question.getType() == Type.IXFR || !isInternet(question.getDClass())) {
            return reply(query, Rcode.REFUSED, false, maxLength);
        }
        try {
            return answer(query, question, wire, maxLength);
        } catch (RuntimeException e) {
            // a Service the schema cannot express (a bad address in the store): this question fails, nothing else
            LOG.warn("DNS question failed name={} type={} error={}", question.getName(), Type.string(question.getType()),
                    e.toString());
            return reply(query, Rcode.SERVFAIL, false, maxLength);
        }
    }

    private Outcome answer(Message query, Record question, byte[] wire, int maxLength) {
        if (records.inZone(question.getName()) && !catalog.synced()) {
            // before the first list every name would look unknown: a failure is retried, an NXDOMAIN cached
            return reply(query, Rcode.SERVFAIL, false, maxLength);
        }
        Optional<Answer> local = catalog.synced() ? records.lookup(question.getName(), question.getType()) : Optional.empty();
        if (local.isPresent()) {
            return new Outcome.Reply(toWire(authoritative(query, local.get()), maxLength));
        }
        if (forwarding) {
            return new Outcome.Forward(query, wire, maxLength);
        }
        return reply(query, Rcode.REFUSED, false, maxLength);
    }

    private Message authoritative(Message query, Answer answer) {
        Message m = base(query, answer.rcode(), true);
        answer.answers().forEach(r -> m.addRecord(r, Section.ANSWER));
        if (answer.negative()) {
            m.addRecord(records.soa(), Section.AUTHORITY);
        }
        answer.additionals().forEach(r -> m.addRecord(r, Section.ADDITIONAL));
        return m;
    }

    /** A reply without records (errors, refusals, upstream failures). */
    Outcome.Reply reply(Message query, int rcode, boolean authoritative, int maxLength) {
        return new Outcome.Reply(toWire(base(query, rcode, authoritative), maxLength));
    }

    private Message base(Message query, int rcode, boolean authoritative) {
        Message m = new Message(query.getHeader().getID());
        Header h = m.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        if (forwarding) {
            h.setFlag(Flags.RA);
        }
        if (authoritative) {
            h.setFlag(Flags.AA);
        }
        h.setRcode(rcode);
        if (query.getQuestion() != null) {
            m.addRecord(query.getQuestion(), Section.QUESTION);
        }
        if (query.getOPT() != null) {
            m.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, 0, 0), Section.ADDITIONAL);
        }
        return m;
    }

    /** FORMERR to a message that has a header but no readable body; its id is all that can be echoed. */
    private Outcome formerr(byte[] wire, Exception e) {
        try {
            Header received = new Header(Arrays.copyOf(wire, Header.LENGTH));
            if (received.getFlag(Flags.QR)) {
                return new Outcome.Drop("an unreadable response");
            }
            Message m = new Message(received.getID());
            m.getHeader().setFlag(Flags.QR);
            m.getHeader().setOpcode(received.getOpcode());
            m.getHeader().setRcode(Rcode.FORMERR);
            LOG.debug("malformed DNS query id={} error={}", received.getID(), e.toString());
            return new Outcome.Reply(m.toWire());
        } catch (IOException | RuntimeException unreadable) {
            return new Outcome.Drop("unreadable header");
        }
    }

    /** The UDP size the client accepts: 512 without EDNS, its advertised payload size (at most ours) with. */
    static int udpLimit(OPTRecord opt) {
        if (opt == null) {
            return PLAIN_UDP_PAYLOAD;
        }
        return Math.max(PLAIN_UDP_PAYLOAD, Math.min(MAX_UDP_PAYLOAD, opt.getPayloadSize()));
    }

    /** dnsjava leaves out whole records that do not fit and sets TC, as a truncated answer must. */
    static byte[] toWire(Message m, int maxLength) {
        return m.toWire(maxLength);
    }

    private static boolean isInternet(int dclass) {
        return dclass == DClass.IN || dclass == DClass.ANY;
    }
}
