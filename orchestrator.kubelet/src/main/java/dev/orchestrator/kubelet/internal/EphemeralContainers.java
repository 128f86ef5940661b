package dev.orchestrator.kubelet.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EphemeralContainer;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/**
 * A pod's ephemeral containers (added by {@code kubectl debug} through pods/ephemeralcontainers) as the containers the
 * kubelet starts: the same fields (the API server refused ports, probes, hooks and resources), run once in the pod's
 * sandbox and never restarted.
 */
final class EphemeralContainers {

    private EphemeralContainers() {
    }

    static List<Container> of(Pod pod) {
        return pod.getSpec().getEphemeralContainers().stream().map(EphemeralContainers::asContainer).toList();
    }

    static Container asContainer(EphemeralContainer e) {
        Container c = new Container();
        c.setName(e.getName());
        c.setImage(e.getImage());
        c.setImagePullPolicy(e.getImagePullPolicy());
        c.setCommand(e.getCommand());
        c.setArgs(e.getArgs());
        c.setEnv(e.getEnv());
        c.setEnvFrom(e.getEnvFrom());
        c.setWorkingDir(e.getWorkingDir());
        c.setVolumeMounts(e.getVolumeMounts());
        c.setVolumeDevices(e.getVolumeDevices());
        c.setSecurityContext(e.getSecurityContext());
        c.setStdin(e.getStdin());
        c.setStdinOnce(e.getStdinOnce());
        c.setTty(e.getTty());
        c.setTerminationMessagePath(e.getTerminationMessagePath());
        c.setTerminationMessagePolicy(e.getTerminationMessagePolicy());
        return c;
    }
}
