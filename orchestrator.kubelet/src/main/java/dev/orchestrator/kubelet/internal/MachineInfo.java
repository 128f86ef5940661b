package dev.orchestrator.kubelet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the node reports of the machine it runs on: CPUs, memory, disk, operating system,
 * kernel and ids, read from {@code /proc} and {@code /etc} (values that cannot be read are
 * reported as unknown rather than failing the node).
 */
record MachineInfo(int cpus, long memoryBytes, long diskBytes, String osImage, String kernelVersion,
                   String architecture, String machineId, String bootId) {

    static MachineInfo read(Path dataDir) {
        return new MachineInfo(Runtime.getRuntime().availableProcessors(), memTotal(), disk(dataDir),
                readOsImage(), firstLine(Path.of("/proc/sys/kernel/osrelease"), "unknown"), readArchitecture(),
                firstLine(Path.of("/etc/machine-id"), ""), firstLine(Path.of("/proc/sys/kernel/random/boot_id"), ""));
    }

    private static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through: the JVM's view is better than nothing
        }
        return Runtime.getRuntime().maxMemory();
    }

    private static long disk(Path dir) {
        try {
            Files.createDirectories(dir);
            return Files.getFileStore(dir).getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String readOsImage() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String line : lines) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return System.getProperty("os.name");
    }

    private static String readArchitecture() {
        String arch = System.getProperty("os.arch");
        return switch (arch) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> arch;
        };
    }

    private static String firstLine(Path file, String fallback) {
        try {
            List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() ? fallback : lines.get(0).trim();
        } catch (IOException e) {
            return fallback;
        }
    }
}
