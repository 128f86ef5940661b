package dev.orchestrator.kubelet.internal.volumes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directories of the {@code local-path} volumes this node's pods used, each remembered in a file of its own
 * (level-triggered: a restarted kubelet still knows them), and removed once their volume is deleted while its reclaim
 * policy is {@code Delete} — what a deleted volume of that class promises, and what the controller that deletes the
 * volume object cannot do on the node. With {@code Retain} the data stays and only the record goes.
 *
 * <p>Only a volume this class made is remembered: annotated as provisioned by {@value #PROVISIONER}, named
 * {@code pvc-<uid>}, its directory named {@code pvc-<uid>_<namespace>_<claim>} (LocalPathVolumes in
 * orchestrator.controllers). Anything else, and any answer of the API other than "not found", leaves the directory
 * alone.
 */
public final class LocalPathDirectories {

    public static final String PROVISIONER = "orchestrator.dev/local-path";
    static final String PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
    private static final Pattern VOLUME_NAME = Pattern.compile("pvc-[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    private static final Logger LOG = LoggerFactory.getLogger(LocalPathDirectories.class);

    /** The API's answer for a volume: empty when it does not exist; an exception when the API cannot tell. */
    @FunctionalInterface
    public interface Volumes {
        Optional<PersistentVolume> get(String name);
    }

    private record Remembered(String volume, Path dir, String uid, String reclaimPolicy) {
    }

    private final Path records;
    private final Volumes volumes;

    /** @param records where the records are kept: a directory of this kubelet's own, outside the pods' volumes */
    public LocalPathDirectories(Path records, Volumes volumes) {
        this.records = records;
        this.volumes = volumes;
    }

    /** Remembers {@code volume}'s directory {@code dir} when the volume is one the local-path class made. */
    public void seen(PersistentVolume volume, Path dir) {
        String name = volume.getMetadata().getName();
        Map<String, String> annotations = volume.getMetadata().getAnnotations();
        if (annotations == null || !PROVISIONER.equals(annotations.get(PROVISIONED_BY)) || name == null
                || !VOLUME_NAME.matcher(name).matches() || !dir.isAbsolute() || dir.getFileName() == null
                || !dir.getFileName().toString().startsWith(name + "_")) {
            return;
        }
        Remembered now = new Remembered(name, dir, Objects.toString(volume.getMetadata().getUid(), ""),
                Objects.toString(volume.getSpec().getPersistentVolumeReclaimPolicy(), "Delete"));
        try {
            if (!now.equals(read(records.resolve(name)).orElse(null))) {
                write(now);
            }
        } catch (IOException e) {
            LOG.warn("local-path volume not remembered volume={} dir={} error={}", name, dir, e.toString());
        }
    }

    /** One round over the remembered volumes; returns the directories removed. */
    public List<Path> cleanUp() {
        List<Path> removed = new ArrayList<>();
        if (!Files.isDirectory(records)) {
            return removed;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(records, p -> VOLUME_NAME.matcher(
                p.getFileName().toString()).matches())) {
            for (Path file : files) {
                Optional<Remembered> remembered = read(file);
                if (remembered.isPresent() && cleanUp(remembered.get(), file)) {
                    removed.add(remembered.get().dir());
                }
            }
        } catch (IOException e) {
            LOG.warn("local-path records not read dir={} error={}", records, e.toString());
        }
        return removed;
    }

    private boolean cleanUp(Remembered r, Path file) throws IOException {
        Optional<PersistentVolume> found;
        try {
            found = volumes.get(r.volume());
        } catch (RuntimeException e) {
            LOG.debug("local-path volume not checked volume={} error={}", r.volume(), e.toString());
            return false;
        }
        if (found.isPresent() && r.uid().equals(Objects.toString(found.get().getMetadata().getUid(), ""))) {
            seen(found.get(), r.dir()); // a changed reclaim policy is the one that counts when it goes
            return false;
        }
        boolean delete = "Delete".equals(r.reclaimPolicy());
        if (delete) {
            AtomicWriter.deleteTree(r.dir());
            LOG.info("local-path volume deleted, its directory removed volume={} dir={}", r.volume(), r.dir());
        } else {
            LOG.info("local-path volume deleted, its directory kept (reclaim policy {}) volume={} dir={}",
                    r.reclaimPolicy(), r.volume(), r.dir());
        }
        Files.deleteIfExists(file);
        return delete;
    }

    private static Optional<Remembered> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        }
        String dir = p.getProperty("dir");
        if (dir == null || !Path.of(dir).isAbsolute()) {
            return Optional.empty();
        }
        return Optional.of(new Remembered(file.getFileName().toString(), Path.of(dir), p.getProperty("uid", ""),
                p.getProperty("reclaimPolicy", "Delete")));
    }

    private void write(Remembered r) throws IOException {
        Files.createDirectories(records);
        Properties p = new Properties();
        p.setProperty("dir", r.dir().toString());
        p.setProperty("uid", r.uid());
        p.setProperty("reclaimPolicy", r.reclaimPolicy());
        Path tmp = records.resolve(r.volume() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(out, "a local-path volume this node's pods used");
        }
        Files.move(tmp, records.resolve(r.volume()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
