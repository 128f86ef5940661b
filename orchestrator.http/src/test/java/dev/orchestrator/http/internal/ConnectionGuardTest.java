package dev.orchestrator.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.http.HttpVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the guard takes a connection to be doing, from the bytes its parser has seen (CRLF written as |). */
class ConnectionGuardTest {

    /**
     * {@code parses}: how often the connection has parsed what arrived; once while the request is
     * served and the application has not read (or has no body to read), more as it reads the body.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '#', value = {
        "nothing yet                     # 1 # ''                                                                      # IDLE",
        "half a request line             # 1 # GET /api/v1/pods HT                                                     # HEADERS",
        "half the headers                # 1 # GET /api/v1/pods HTTP/1.1|Host: x|Accept: app                           # HEADERS",
        "a GET being served              # 1 # GET /api/v1/pods?watch=true HTTP/1.1|Host: x||                          # IDLE",
        "a GET with an empty body        # 1 # GET /api/v1/pods?watch=true HTTP/1.1|Host: x|Content-Length: 0||        # IDLE",
        "a body not all sent             # 4 # POST /api/v1/pods HTTP/1.1|Host: x|Content-Length: 10||{\"a\"          # BODY",
        "a body all sent and read        # 4 # POST /api/v1/pods HTTP/1.1|Host: x|Content-Length: 2||{}                # IDLE",
        "a chunked body not all sent     # 4 # POST /api/v1/pods HTTP/1.1|Host: x|Transfer-Encoding: chunked||2|{}|    # BODY",
        "a chunked body all sent         # 4 # POST /api/v1/pods HTTP/1.1|Host: x|Transfer-Encoding: chunked||2|{}|0|| # IDLE",
    })
    void phaseOfARequest(String what, int parses, String sent, ConnectionGuard.Phase expected) {
        HttpParser parser = new HttpParser(new ServedAsHttpConnectionDoes());
        ByteBuffer bytes = ByteBuffer.wrap(sent.replace("|", "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < parses; i++) {
            parser.parseNext(bytes);
        }
        assertEquals(expected, ConnectionGuard.phase(parser), what);
    }

    /** Stops at the end of the headers and consumes content, as HttpConnection does for a request in progress. */
    private static final class ServedAsHttpConnectionDoes implements HttpParser.RequestHandler {
        @Override
        public void startRequest(String method, String uri, HttpVersion version) {
        }

        @Override
        public void parsedHeader(HttpField field) {
        }

        @Override
        public boolean headerComplete() {
            return true;
        }

        @Override
        public boolean content(ByteBuffer content) {
            content.position(content.limit());
            return false;
        }

        @Override
        public boolean contentComplete() {
            return false;
        }

        @Override
        public boolean messageComplete() {
            return true;
        }

        @Override
        public void earlyEOF() {
        }
    }
}
