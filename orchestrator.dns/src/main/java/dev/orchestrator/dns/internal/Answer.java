package dev.orchestrator.dns.internal;

import java.util.List;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;

/**
 * The cluster's answer to one question: a response code, the answer section and the additional section. A
 * negative answer (NXDOMAIN, or NOERROR without records: NODATA) gets the zone's SOA in its authority section
 * from the responder.
 */
record Answer(int rcode, List<Record> answers, List<Record> additionals) {

    Answer {
        answers = List.copyOf(answers);
        additionals = List.copyOf(additionals);
    }

    static Answer nxdomain() {
        return new Answer(Rcode.NXDOMAIN, List.of(), List.of());
    }

    static Answer of(List<Record> answers, List<Record> additionals) {
        return new Answer(Rcode.NOERROR, answers, additionals);
    }

    boolean negative() {
        return answers.isEmpty();
    }
}
