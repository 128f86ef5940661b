package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Reading an object must not cost more the more distinct field names the server has read before. Jackson's shared
 * field-name table does: a parse that meets a name the table lacks copies the whole table first. A cluster's objects
 * carry names no other object has (label and annotation keys, ConfigMap keys, custom resources' fields, managed
 * fields' {@code k:{...}} keys), and in the API server the copies were 70 % of the bytes allocated while serving pod
 * GETs (JFR, BENCHMARKS.md).
 */
class JsonFieldNamesTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void storedObjectsCostTheSameAfterManyDistinctNames() {
        assertFlat(bytes -> Json.readStored(bytes));
    }

    @Test
    void requestBodiesCostTheSameAfterManyDistinctNames() {
        assertFlat(bytes -> Json.parseObject(bytes, false));
    }

    @Test
    void storedObjectsReadApartShareTheirFieldNames() {
        byte[] pod = "{\"metadata\":{\"name\":\"a\",\"labels\":{\"app\":\"web\"}},\"spec\":{}}"
                .getBytes(StandardCharsets.UTF_8);
        ObjectNode first = Json.readStored(pod);
        ObjectNode second = Json.readStored(pod);

        assertSame(first.properties().iterator().next().getKey(), second.properties().iterator().next().getKey(),
                "each decoded tree the server keeps would hold its own copy of every field name");
        assertSame(labelKey(first), labelKey(second));
        assertEquals(first, second);
    }

    @Test
    void aStoredValueThatIsNotAnObjectIsAnError() {
        for (String bad : new String[] {"", "[1]", "\"text\"", "{} {}"}) {
            assertThrows(IllegalStateException.class, () -> Json.readStored(bad.getBytes(StandardCharsets.UTF_8)), bad);
        }
    }

    private static String labelKey(ObjectNode pod) {
        return pod.path("metadata").path("labels").properties().iterator().next().getKey();
    }

    private static void assertFlat(Consumer<byte[]> read) {
        int[] next = {0};
        for (int i = 0; i < 200; i++) { // warm up, and learn what one read allocates
            read.accept(objectWithNewNames(next, 1));
        }
        long before = allocatedBy(() -> read.accept(objectWithNewNames(next, 1)));
        for (int i = 0; i < 50; i++) {
            read.accept(objectWithNewNames(next, 100)); // 5,000 names not seen before, as a cluster's objects bring
        }
        long after = allocatedBy(() -> read.accept(objectWithNewNames(next, 1)));
        assertTrue(after < before + 16 * 1024, "reading an object with one new name allocated " + before
                + " bytes, and " + after + " bytes once 5,000 other names had been read");
    }

    private static byte[] objectWithNewNames(int[] next, int names) {
        StringBuilder json = new StringBuilder("{\"kind\":\"ConfigMap\",\"data\":{");
        for (int i = 0; i < names; i++) {
            json.append(i == 0 ? "" : ",").append("\"key-").append(next[0]++).append("\":\"v\"");
        }
        return json.append("}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Bytes this thread allocated running {@code work}, the least of a few runs (a JIT compile may allocate). */
    private static long allocatedBy(Runnable work) {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = THREADS.getCurrentThreadAllocatedBytes();
            work.run();
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - start);
        }
        return least;
    }
}
