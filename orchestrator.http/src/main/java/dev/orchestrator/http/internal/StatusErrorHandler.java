package dev.orchestrator.http.internal;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors the HTTP server answers before a request reaches the API (a malformed request
 * line, a URI or headers too long, an unknown HTTP version) are {@code metav1.Status} JSON,
 * like every other error of the API, instead of HTML pages.
 */
final class StatusErrorHandler extends ErrorHandler {

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(StatusJson.failure(status, message(status, reason)));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(StatusJson.failure(code, message(code, message))), callback);
    }

    private static String message(int code, String detail) {
        String what = HttpStatus.getMessage(code);
        return detail == null || detail.isBlank() || detail.equals(what) ? what : what + ": " + detail;
    }
}
