package dev.orchestrator.kubelet.internal.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A hostPath volume's {@code type}, checked (and, for the *OrCreate types, made) before the pod
 * starts, with Kubernetes' messages: "" checks nothing; DirectoryOrCreate makes a 0755 directory;
 * FileOrCreate makes an empty 0644 file (its parent must exist, as in Kubernetes); Directory,
 * File, Socket, CharDevice and BlockDevice must already be what they say. Symbolic links are
 * followed, as a mount would.
 */
final class HostPathCheck {

    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFCHR = 0020000;

    private HostPathCheck() {
    }

    static void check(String path, String type) throws VolumeSetupException, IOException {
        if (path == null || !path.startsWith("/")) {
            throw new VolumeSetupException("hostPath path must be absolute: " + path);
        }
        Path p = Path.of(path);
        switch (type == null ? "" : type) {
            case "" -> {
                // no check: the runtime creates a missing directory
            }
            case "DirectoryOrCreate" -> {
                if (!Files.exists(p)) {
                    Files.createDirectories(p);
                    Files.setPosixFilePermissions(p, AtomicWriter.permissions(0755));
                }
                expect(p, S_IFDIR, "is not a directory");
            }
            case "FileOrCreate" -> {
                if (!Files.exists(p)) {
                    if (p.getParent() == null || !Files.isDirectory(p.getParent())) {
                        throw new VolumeSetupException("hostPath type check failed: the parent directory of " + p
                                + " does not exist (FileOrCreate does not create it)");
                    }
                    Files.createFile(p);
                    Files.setPosixFilePermissions(p, AtomicWriter.permissions(0644));
                }
                expect(p, S_IFREG, "is not a file");
            }
            case "Directory" -> expect(p, S_IFDIR, "is not a directory");
            case "File" -> expect(p, S_IFREG, "is not a file");
            case "Socket" -> expect(p, S_IFSOCK, "is not a socket file");
            case "CharDevice" -> expect(p, S_IFCHR, "is not a character device");
            case "BlockDevice" -> expect(p, S_IFBLK, "is not a block device");
            default -> throw new VolumeSetupException("hostPath type " + type + " is not supported");
        }
    }

    private static void expect(Path p, int format, String otherwise) throws VolumeSetupException, IOException {
        int mode;
        try {
            mode = (Integer) Files.getAttribute(p, "unix:mode");
        } catch (NoSuchFileException e) {
            throw new VolumeSetupException("hostPath type check failed: " + p + " " + otherwise);
        }
        if ((mode & S_IFMT) != format) {
            throw new VolumeSetupException("hostPath type check failed: " + p + " " + otherwise);
        }
    }
}
