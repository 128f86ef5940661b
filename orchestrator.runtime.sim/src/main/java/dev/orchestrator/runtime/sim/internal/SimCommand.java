package dev.orchestrator.runtime.sim.internal;

import dev.orchestrator.api.runtime.ContainerRuntimeException;
import java.util.ArrayList;
import java.util.List;

/**
 * What a simulated container does, read from its command line ({@code command} followed by
 * {@code args}) so that tests steer a hollow node through an ordinary pod spec:
 * <ul>
 * <li>{@code ["sim-exit", "<code>", "<afterMillis>"]}: runs, then exits with {@code code}
 * {@code afterMillis} after it started (both optional: code 0, at once);</li>
 * <li>{@code ["sim-fail-start", "<message>"...]}: {@code start} fails with the message (the
 * remaining words joined by spaces);</li>
 * <li>anything else, including an empty command line: runs until stopped.</li>
 * </ul>
 *
 * @param kind which of the above
 * @param exitCode the code a {@link Kind#EXIT} container exits with
 * @param afterMillis how long a {@link Kind#EXIT} container runs
 * @param failMessage the message a {@link Kind#FAIL_START} container fails with
 */
record SimCommand(Kind kind, int exitCode, long afterMillis, String failMessage) {

    /** The command that makes a container exit on its own. */
    static final String EXIT = "sim-exit";
    /** The command that makes a container fail to start. */
    static final String FAIL_START = "sim-fail-start";

    /** Shared: most containers of a scale test run forever, and need no object of their own. */
    private static final SimCommand FOREVER = new SimCommand(Kind.RUN_FOREVER, 0, 0, "");

    /** The three behaviours. */
    enum Kind { RUN_FOREVER, EXIT, FAIL_START }

    /**
     * Reads the behaviour from a container's command line.
     *
     * @throws ContainerRuntimeException when a {@code sim-exit} number is malformed, as a real
     *         runtime refuses a container whose command cannot run
     */
    static SimCommand parse(List<String> command, List<String> args) {
        List<String> argv = new ArrayList<>(command.size() + args.size());
        argv.addAll(command);
        argv.addAll(args);
        if (argv.isEmpty()) {
            return FOREVER;
        }
        return switch (argv.get(0)) {
            case EXIT -> new SimCommand(Kind.EXIT, (int) number(argv, 1, Integer.MIN_VALUE, Integer.MAX_VALUE),
                    number(argv, 2, 0, Long.MAX_VALUE), "");
            case FAIL_START -> new SimCommand(Kind.FAIL_START, 0, 0, argv.size() > 1
                    ? String.join(" ", argv.subList(1, argv.size()))
                    : "simulated start failure");
            default -> FOREVER;
        };
    }

    private static long number(List<String> argv, int index, long min, long max) {
        if (argv.size() <= index) {
            return 0;
        }
        try {
            long value = Long.parseLong(argv.get(index));
            if (value < min || value > max) {
                throw new NumberFormatException("out of range");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ContainerRuntimeException("sim-exit: argument " + index + " is not a valid number: \""
                    + argv.get(index) + "\" (usage: sim-exit <code> <afterMillis>)");
        }
    }
}
