package dev.orchestrator.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Decoding an object must not cost more the more distinct field names the client has decoded before: Jackson's
 * shared field-name table copies itself whenever a parse meets a name it lacks, and a cluster's objects keep
 * bringing new ones (ConfigMap keys, labels, annotations).
 */
class LenientSerializationFieldNamesTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final String POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":"
            + "\"default\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}";

    @Test
    void decodingCostsTheSameAfterManyDistinctNames() {
        LenientSerialization serialization = new LenientSerialization();
        int[] next = {0};
        for (int i = 0; i < 200; i++) { // warm up
            serialization.unmarshal(configMapWithNewKeys(next, 1), ConfigMap.class);
            serialization.unmarshal(POD, Pod.class);
        }
        long before = allocatedBy(() -> serialization.unmarshal(configMapWithNewKeys(next, 1), ConfigMap.class));
        for (int i = 0; i < 50; i++) {
            serialization.unmarshal(configMapWithNewKeys(next, 100), ConfigMap.class); // 5,000 names not seen before
        }
        long after = allocatedBy(() -> serialization.unmarshal(configMapWithNewKeys(next, 1), ConfigMap.class));

        assertTrue(after < before + 16 * 1024, "decoding a ConfigMap with one new key allocated " + before
                + " bytes, and " + after + " bytes once 5,000 other keys had been decoded");
        assertEquals("busybox", serialization.unmarshal(POD, Pod.class).getSpec().getContainers().get(0).getImage());
    }

    private static String configMapWithNewKeys(int[] next, int keys) {
        StringBuilder json = new StringBuilder("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c\"},\"data\":{");
        for (int i = 0; i < keys; i++) {
            json.append(i == 0 ? "" : ",").append("\"key-").append(next[0]++).append("\":\"v\"");
        }
        return json.append("}}").toString();
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
