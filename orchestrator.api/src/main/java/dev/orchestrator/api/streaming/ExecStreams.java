package dev.orchestrator.api.streaming;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.function.Consumer;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The client's side of an exec or attach session, as the handler sees it. Writes block until the bytes are on
 * their way (so a slow client slows the process down); they fail with an {@link java.io.IOException} once the
 * client is gone. Closing an output ends that stream for the client. The handler need not close anything.
 */
@ProviderType
public interface ExecStreams {

    /** What the client types, if it asked to send input; ends when the client closes its input. */
    Optional<InputStream> stdin();

    /** The process's output, if the client asked for it. */
    Optional<OutputStream> stdout();

    /** The process's error output, if the client asked for it; never with a terminal (it goes to stdout). */
    Optional<OutputStream> stderr();

    /** Whether the session has a terminal. */
    boolean tty();

    /**
     * Calls {@code listener} with each terminal size the client sends (first the latest one already received),
     * one at a time, in order, on a thread of the server (it may block), until the session ends. Without a
     * terminal it is never called.
     */
    void onResize(Consumer<TerminalSize> listener);
}
