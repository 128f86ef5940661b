package dev.orchestrator.kubelet.internal.volumes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * tmpfs through the system's {@code mount} and {@code umount} (util-linux, present on every Linux
 * node; Java has no mount(2) without native code), with {@code /proc/self/mountinfo} as the truth
 * about what is mounted, so that a new kubelet never mounts a second tmpfs over a running pod's
 * (which would hide its files). Needs root (CAP_SYS_ADMIN).
 */
public final class MountCommandTmpfs implements TmpfsMounter {

    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");
    private static final long COMMAND_SECONDS = 30;

    @Override
    public boolean ensureMounted(Path dir, OptionalLong sizeBytes) throws IOException {
        Path target = dir.toAbsolutePath().normalize();
        if (mountPoints().contains(target)) {
            return false;
        }
        String options = "mode=0755" + (sizeBytes.isPresent() ? ",size=" + sizeBytes.getAsLong() : "");
        run("mount", "-t", "tmpfs", "-o", options, "tmpfs", target.toString());
        return true;
    }

    @Override
    public boolean isMounted(Path dir) throws IOException {
        return mountPoints().contains(dir.toAbsolutePath().normalize());
    }

    @Override
    public List<Path> mountedUnder(Path dir) throws IOException {
        Path root = dir.toAbsolutePath().normalize();
        List<Path> under = new ArrayList<>();
        for (Path p : mountPoints()) {
            if (p.startsWith(root)) {
                under.add(p);
            }
        }
        under.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        return under;
    }

    @Override
    public void unmount(Path mountPoint) throws IOException {
        run("umount", mountPoint.toAbsolutePath().normalize().toString());
    }

    /** The mount points of this process' mount namespace (field 5 of each mountinfo line). */
    static List<Path> mountPoints() throws IOException {
        List<Path> points = new ArrayList<>();
        for (String line : Files.readAllLines(MOUNTINFO, StandardCharsets.UTF_8)) {
            String[] fields = line.split(" ");
            if (fields.length > 4) {
                points.add(Path.of(unescape(fields[4])));
            }
        }
        return points;
    }

    /** mountinfo writes space, tab, newline and backslash as octal escapes ({@code \040}). */
    static String unescape(String field) {
        StringBuilder b = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static void run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(COMMAND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish in " + COMMAND_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(command[0] + " interrupted", e);
        }
    }
}
