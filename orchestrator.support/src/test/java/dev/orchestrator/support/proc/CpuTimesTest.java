package dev.orchestrator.support.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuTimesTest {

    @Test
    void busyIsAllButIdleAndIowaitAndGuestTimeIsNotCountedTwice() {
        // user nice system idle iowait irq softirq steal guest guest_nice
        assertEquals(new CpuTimes(10 + 1 + 5 + 2 + 3 + 1, 10 + 1 + 5 + 80 + 4 + 2 + 3 + 1),
                CpuTimes.parse("cpu  10 1 5 80 4 2 3 1 7 9"));
        assertEquals(new CpuTimes(16, 96), CpuTimes.parse("cpu 10 1 5 80"));
        assertEquals(160_000_000L, CpuTimes.parse("cpu 10 1 5 80").busyNanos());
    }

    @Test
    void refusesAnythingButTheAggregateLine() {
        assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse("cpu0 10 1 5 80 4 0 0 0"));
        assertThrows(IllegalArgumentException.class, () -> CpuTimes.parse("cpu 10 1"));
        assertThrows(NumberFormatException.class, () -> CpuTimes.parse("cpu 10 1 x 80"));
    }

    @Test
    void readsTheFirstLineOfTheFile(@TempDir Path dir) throws IOException {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "cpu  100 2 30 5000 70 1 4 3 0 0\ncpu0 1 2 3 4 5 6 7 8 9 10\nintr 5\n");
        assertEquals(new CpuTimes(140, 5210), CpuTimes.read(stat));
    }
}
