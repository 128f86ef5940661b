package dev.orchestrator.kubelet.internal.volumes;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Writes a set of files into a volume directory so that a reader never sees half of an update, the
 * way Kubernetes projects ConfigMaps, Secrets and the downward API: the files live in a timestamped
 * directory ({@code ..2024_05_01_12_00_00.123456}), a symlink {@code ..data} names the current one
 * and is replaced by a rename (atomic), and each top-level name the user sees is a symlink
 * {@code name -> ..data/name}. A write whose payload equals what is there changes nothing, so it
 * can run on every pod sync.
 */
final class AtomicWriter {

    static final String DATA = "..data";
    private static final String DATA_TMP = "..data_tmp";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd_HH_mm_ss");

    /** One file of a payload: its bytes and its permission bits (e.g. 0644). */
    record FileContent(byte[] data, int mode) {
        @Override
        public boolean equals(Object o) {
            return o instanceof FileContent f && f.mode == mode && Arrays.equals(f.data, data);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(data) * 31 + mode;
        }

        @Override
        public String toString() {
            return "FileContent[" + data.length + " bytes, mode " + Integer.toOctalString(mode) + "]";
        }
    }

    private AtomicWriter() {
    }

    /**
     * Makes {@code dir} hold exactly {@code payload} (relative paths, already validated by
     * {@link #checkPath}).
     *
     * @return whether anything changed
     */
    static boolean write(Path dir, Map<String, FileContent> payload) throws IOException {
        for (String path : payload.keySet()) {
            checkPath(path);
        }
        Optional<Path> current = currentDataDir(dir);
        if (current.isPresent() && holds(current.get(), payload) && linksMatch(dir, payload)) {
            return false;
        }
        Path fresh = newDataDir(dir);
        for (Map.Entry<String, FileContent> f : payload.entrySet()) {
            Path file = fresh.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.write(file, f.getValue().data());
            Files.setPosixFilePermissions(file, permissions(f.getValue().mode()));
        }
        Path tmp = dir.resolve(DATA_TMP);
        Files.deleteIfExists(tmp);
        Files.createSymbolicLink(tmp, fresh.getFileName());
        Files.move(tmp, dir.resolve(DATA), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        Set<String> visible = topLevelNames(payload);
        for (String name : visible) {
            Path link = dir.resolve(name);
            if (!Files.isSymbolicLink(link)) {
                try {
                    Files.createSymbolicLink(link, Path.of(DATA, name));
                } catch (FileAlreadyExistsException e) {
                    throw new IOException("cannot project " + name + ": a file of that name is in the way", e);
                }
            }
        }
        removeStale(dir, visible, fresh.getFileName().toString());
        return true;
    }

    /**
     * A payload path must stay inside the volume: relative, no {@code ..} element, no element that
     * starts with {@code ..} (those names are the writer's own), not empty.
     */
    static void checkPath(String path) throws IOException {
        if (path.isEmpty() || path.startsWith("/")) {
            throw new IOException("invalid path \"" + path + "\": must be a relative path");
        }
        for (String element : path.split("/")) {
            if (element.isEmpty() || element.startsWith("..")) {
                throw new IOException("invalid path \"" + path + "\": must not contain '..' or empty elements");
            }
        }
    }

    private static Optional<Path> currentDataDir(Path dir) throws IOException {
        Path data = dir.resolve(DATA);
        if (!Files.isSymbolicLink(data)) {
            return Optional.empty();
        }
        Path target = dir.resolve(Files.readSymbolicLink(data));
        return Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS) ? Optional.of(target) : Optional.empty();
    }

    /** Whether the data directory holds exactly these files with these modes. */
    private static boolean holds(Path data, Map<String, FileContent> payload) throws IOException {
        Set<String> seen = new HashSet<>();
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                String rel = data.relativize(p).toString();
                FileContent want = payload.get(rel);
                if (want == null || want.mode() != mode(p) || !Arrays.equals(want.data(), Files.readAllBytes(p))) {
                    return false;
                }
                seen.add(rel);
            }
        }
        return seen.equals(payload.keySet());
    }

    private static boolean linksMatch(Path dir, Map<String, FileContent> payload) throws IOException {
        Set<String> visible = topLevelNames(payload);
        for (String name : visible) {
            if (!Files.isSymbolicLink(dir.resolve(name))) {
                return false;
            }
        }
        return userLinks(dir).equals(visible);
    }

    private static Path newDataDir(Path dir) throws IOException {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        while (true) {
            Path p = dir.resolve(".." + stamp + "." + ThreadLocalRandom.current().nextInt(100_000_000, 1_000_000_000));
            try {
                Files.createDirectory(p);
                Files.setPosixFilePermissions(p, permissions(0755));
                return p;
            } catch (FileAlreadyExistsException e) {
                // another name
            }
        }
    }

    /** Removes links the payload no longer has and every data directory but the current one. */
    private static void removeStale(Path dir, Set<String> visible, String currentName) throws IOException {
        for (String link : userLinks(dir)) {
            if (!visible.contains(link)) {
                Files.deleteIfExists(dir.resolve(link));
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (name.startsWith("..") && !name.equals(DATA) && !name.equals(currentName)
                        && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(p);
                }
            }
        }
    }

    /** The symlinks a user sees: every link in the directory whose name does not start with "..". */
    private static Set<String> userLinks(Path dir) throws IOException {
        Set<String> links = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String name = p.getFileName().toString();
                if (!name.startsWith("..") && Files.isSymbolicLink(p)) {
                    links.add(name);
                }
            }
        }
        return links;
    }

    private static Set<String> topLevelNames(Map<String, FileContent> payload) {
        Set<String> names = new HashSet<>();
        payload.keySet().forEach(p -> names.add(p.contains("/") ? p.substring(0, p.indexOf('/')) : p));
        return names;
    }

    /** Deletes a tree without following symbolic links (a link is removed, never its target). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException gone) {
                    // removed meanwhile
                }
            }
        }
    }

    static int mode(Path p) throws IOException {
        int mode = 0;
        for (PosixFilePermission perm : Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS)) {
            mode |= 1 << (8 - perm.ordinal());
        }
        return mode;
    }

    /** Permission bits (only the lowest nine count) as a set; PosixFilePermission's order is rwx for owner, group, others. */
    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission perm : PosixFilePermission.values()) {
            if ((mode & 1 << (8 - perm.ordinal())) != 0) {
                perms.add(perm);
            }
        }
        return perms;
    }
}
