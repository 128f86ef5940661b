package dev.orchestrator.runtime.cri.internal;

import dev.orchestrator.api.runtime.ContainerExec;
import dev.orchestrator.api.runtime.ContainerRuntimeException;
import dev.orchestrator.api.runtime.ExecResult;
import dev.orchestrator.api.runtime.RuntimeUnavailableException;
import dev.orchestrator.runtime.cri.internal.v1.AttachRequest;
import dev.orchestrator.runtime.cri.internal.v1.ExecRequest;
import dev.orchestrator.runtime.cri.internal.v1.ExecSyncRequest;
import dev.orchestrator.runtime.cri.internal.v1.PortForwardRequest;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** {@link ContainerExec} over CRI ExecSync, Exec, Attach and PortForward. */
final class CriExec implements ContainerExec {

    private final CriChannel cri;
    private final CriTimeouts timeouts;

    CriExec(CriChannel cri, CriTimeouts timeouts) {
        this.cri = cri;
        this.timeouts = timeouts;
    }

    /**
     * Runs the command with the runtime enforcing {@code timeout} (whole seconds, rounded up; zero or negative:
     * no limit, bounded only by the call deadline of the usual limit plus the extra).
     */
    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        long seconds = CriTimeouts.ceilSeconds(timeout);
        Duration deadline = seconds > 0 ? timeouts.beyond(seconds) : timeouts.slow();
        ExecSyncRequest request = ExecSyncRequest.newBuilder().setContainerId(containerId).addAllCmd(command)
                .setTimeout(seconds).build();
        long start = System.nanoTime();
        try {
            var reply = cri.runtime("ExecSync", deadline, s -> s.execSync(request));
            return new ExecResult(reply.getExitCode(), reply.getStdout().toByteArray(), reply.getStderr().toByteArray());
        } catch (RuntimeUnavailableException e) {
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (seconds > 0 && elapsed.compareTo(deadline) < 0 && elapsed.getSeconds() >= seconds) {
                // the runtime ended the command at its timeout: a failure of the command, not of the runtime
                throw new ContainerRuntimeException("command timed out after " + seconds + "s: " + command, e);
            }
            throw e;
        }
    }

    @Override
    public URI exec(String containerId, List<String> command, StreamOptions o) {
        ExecRequest request = ExecRequest.newBuilder().setContainerId(containerId).addAllCmd(command)
                .setStdin(o.stdin()).setStdout(o.stdout()).setStderr(o.stderr()).setTty(o.tty()).build();
        return URI.create(cri.runtime("Exec", timeouts.call(), s -> s.exec(request)).getUrl());
    }

    @Override
    public URI attach(String containerId, StreamOptions o) {
        AttachRequest request = AttachRequest.newBuilder().setContainerId(containerId)
                .setStdin(o.stdin()).setStdout(o.stdout()).setStderr(o.stderr()).setTty(o.tty()).build();
        return URI.create(cri.runtime("Attach", timeouts.call(), s -> s.attach(request)).getUrl());
    }

    @Override
    public URI portForward(String sandboxId, List<Integer> ports) {
        PortForwardRequest request = PortForwardRequest.newBuilder().setPodSandboxId(sandboxId).addAllPort(ports)
                .build();
        return URI.create(cri.runtime("PortForward", timeouts.call(), s -> s.portForward(request)).getUrl());
    }
}
