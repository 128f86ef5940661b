package dev.orchestrator.store.embedded.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineCpuTest {

    @TempDir
    Path dir;

    @Test
    void busyOnlyWhenTheCoresWereBusyForTheShareSinceTheLastSample() throws IOException {
        Path stat = dir.resolve("stat");
        MachineCpu cpu = new MachineCpu(stat, 0.85, 0);
        write(stat, 1000, 1000, 0);
        cpu.getAsBoolean(); // the first sample only sets the baseline
        write(stat, 1090, 1000, 10); // 90 of 100 jiffies busy
        assertTrue(cpu.getAsBoolean());
        write(stat, 1150, 1030, 30); // 60 of 100 busy: idle and iowait count as free
        assertFalse(cpu.getAsBoolean());
        write(stat, 1235, 1045, 30); // 85 of 100 busy
        assertTrue(cpu.getAsBoolean());
    }

    @Test
    void countsAsBusyWhereTheStatisticsCannotBeRead() throws IOException {
        assertTrue(new MachineCpu(dir.resolve("missing"), 0.85, 0).getAsBoolean());
        Path garbled = dir.resolve("garbled");
        Files.writeString(garbled, "intr 1 2 3\n");
        assertTrue(new MachineCpu(garbled, 0.85, 0).getAsBoolean());
    }

    private static void write(Path stat, long user, long idle, long iowait) throws IOException {
        Files.writeString(stat, "cpu  " + user + " 0 0 " + idle + " " + iowait + " 0 0 0 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\n");
    }
}
