package dev.orchestrator.api.runtime;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A container to create (CRI {@code ContainerConfig}); the kubelet has already expanded
 * {@code $(VAR)} references and resolved every environment source.
 *
 * @param attempt how many times this container was restarted before (the pod's restartCount)
 * @param command the entrypoint (empty: the image's)
 * @param args the arguments (empty with an empty command: the image's)
 * @param workingDir the working directory (empty: the image's)
 * @param env environment variables in order
 * @param mounts host paths to mount
 * @param logPath the log file, relative to the sandbox's log directory
 * @param resources limits to apply
 * @param security user and privileges
 * @param stdinOnce the container's stdin closes when the first attached client closes its stdin (CRI
 *     {@code stdin_once}); otherwise a client closing its stdin ends its attach, output and all (since 1.3)
 */
public record ContainerConfig(String name, int attempt, String image, List<String> command, List<String> args,
                              String workingDir, List<EnvVar> env, List<Mount> mounts, Map<String, String> labels,
                              Map<String, String> annotations, String logPath, boolean stdin, boolean tty,
                              Resources resources, Security security, boolean stdinOnce) {

    public ContainerConfig {
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = List.copyOf(env);
        mounts = List.copyOf(mounts);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    /** A container whose stdin, if open, stays open for the next client (as before 1.3). */
    public ContainerConfig(String name, int attempt, String image, List<String> command, List<String> args,
                           String workingDir, List<EnvVar> env, List<Mount> mounts, Map<String, String> labels,
                           Map<String, String> annotations, String logPath, boolean stdin, boolean tty,
                           Resources resources, Security security) {
        this(name, attempt, image, command, args, workingDir, env, mounts, labels, annotations, logPath, stdin, tty,
                resources, security, false);
    }

    /** One environment variable. */
    public record EnvVar(String name, String value) {
    }

    /** A host path mounted into the container. */
    public record Mount(String containerPath, String hostPath, boolean readOnly) {
    }

    /**
     * Linux resources: CPU shares and CFS quota/period (0 = unlimited), memory limit in bytes
     * (0 = unlimited).
     */
    public record Resources(long cpuShares, long cpuQuota, long cpuPeriod, long memoryLimitBytes) {

        /** No limits. */
        public static Resources unlimited() {
            return new Resources(0, 0, 0, 0);
        }
    }

    /**
     * Security settings: user id (empty: the image's), privileged, read-only root file system.
     */
    public record Security(OptionalLong runAsUser, boolean privileged, boolean readOnlyRootFilesystem) {

        /** The image's user, unprivileged, writable root. */
        public static Security defaults() {
            return new Security(OptionalLong.empty(), false, false);
        }
    }
}
