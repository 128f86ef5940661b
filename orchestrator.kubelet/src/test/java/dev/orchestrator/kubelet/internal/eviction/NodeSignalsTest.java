package dev.orchestrator.kubelet.internal.eviction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeSignalsTest {

    @TempDir
    Path dir;

    private NodeSignals signals(FakeFilesystemStats fs, Path imagefs) throws Exception {
        Path proc = dir.resolve("proc");
        Files.createDirectories(proc.resolve("sys/kernel"));
        Files.writeString(proc.resolve("sys/kernel/pid_max"), "32768\n");
        Files.writeString(proc.resolve("loadavg"), "0.52 0.58 0.59 4/1107 27374\n");
        return new NodeSignals(fs, dir.resolve("node/volumes/n1"), imagefs, new ProcessIds(proc));
    }

    @Test
    void memoryIsTheCapacityLessWhatIsUsedAndPidsComeFromProc() throws Exception {
        FakeFilesystemStats fs = new FakeFilesystemStats();
        Map<Signal, Observation> o = signals(fs, dir).observe(EnumSet.of(Signal.MEMORY_AVAILABLE, Signal.PID_AVAILABLE),
                new NodeSignals.Memory(600L << 20, 450L << 20));
        assertEquals(new Observation(Signal.MEMORY_AVAILABLE, 150L << 20, 600L << 20), o.get(Signal.MEMORY_AVAILABLE));
        assertEquals(new Observation(Signal.PID_AVAILABLE, 32768 - 1107, 32768), o.get(Signal.PID_AVAILABLE));
        assertEquals(0, fs.calls, "no file system asked when no disk signal is wanted");
        assertEquals(0, signals(fs, dir).observe(Set.of(Signal.MEMORY_AVAILABLE), new NodeSignals.Memory(100, 300))
                .get(Signal.MEMORY_AVAILABLE).available(), "more used than the capacity leaves nothing, not less");
    }

    @Test
    void diskSignalsStatTheVolumeDirectorysFileSystemOncePerObservation() throws Exception {
        FakeFilesystemStats fs = new FakeFilesystemStats();
        fs.set(dir.resolve("node"), new FsStats(1000, 80, 500, 20));
        // the volume directory does not exist yet: its nearest existing ancestor is asked
        Files.createDirectories(dir.resolve("node"));
        Map<Signal, Observation> o = signals(fs, dir.resolve("node")).observe(EnumSet.of(Signal.NODEFS_AVAILABLE,
                Signal.NODEFS_INODES_FREE, Signal.IMAGEFS_AVAILABLE), new NodeSignals.Memory(0, 0));
        assertEquals(new Observation(Signal.NODEFS_AVAILABLE, 80, 1000), o.get(Signal.NODEFS_AVAILABLE));
        assertEquals(new Observation(Signal.NODEFS_INODES_FREE, 20, 500), o.get(Signal.NODEFS_INODES_FREE));
        assertEquals(new Observation(Signal.IMAGEFS_AVAILABLE, 80, 1000), o.get(Signal.IMAGEFS_AVAILABLE));
        assertEquals(2, fs.calls, "one stat per path, shared by bytes and inodes");
    }

    @Test
    void aSignalThatCannotBeObservedIsLeftOut() throws Exception {
        FakeFilesystemStats nothing = new FakeFilesystemStats();
        Map<Signal, Observation> o = signals(nothing, dir).observe(EnumSet.of(Signal.NODEFS_AVAILABLE,
                Signal.MEMORY_AVAILABLE), new NodeSignals.Memory(10, 1));
        assertFalse(o.containsKey(Signal.NODEFS_AVAILABLE));
        assertTrue(o.containsKey(Signal.MEMORY_AVAILABLE));
    }

    @Test
    void statCommandReadsARealFileSystem() throws Exception {
        FsStats real = new StatCommandFilesystem().of(dir);
        assertTrue(real.capacityBytes() > 0 && real.availableBytes() <= real.capacityBytes(), real.toString());
        assertTrue(real.inodes() > 0 && real.inodesFree() <= real.inodes(), real.toString());
        assertTrue(real.usedBytes() > 0 && real.usedBytes() <= real.capacityBytes(), real.toString());
        // 100 blocks, 40 available to users, 50 free: the 10 reserved for root are neither used nor available
        assertEquals(new FsStats(4096L * 100, 4096L * 40, 64, 60, 4096L * 50),
                StatCommandFilesystem.parse("4096 100 40 64 60 50\n"));
    }

    @Test
    void loadavgCountsEverySchedulingEntity() throws Exception {
        assertEquals(107, ProcessIds.inUse("3.57 2.59 1.19 4/107 27374"));
    }
}
