package dev.orchestrator.apiserver.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class DefaultTolerationSecondsTest {

    private final DefaultTolerationSeconds admission = new DefaultTolerationSeconds(300, 20);

    private static ObjectNode pod(String tolerations) {
        return Json.parseObject(("{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]"
                + (tolerations == null ? "" : ",\"tolerations\":" + tolerations) + "}}").getBytes(), false);
    }

    @Test
    void aPodWithoutTolerationsGetsBoth() {
        ObjectNode pod = pod(null);
        admission.admit(pod);
        assertEquals("[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
                + "\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":20}]", pod.path("spec").path("tolerations").toString());
        admission.admit(pod);
        assertEquals(2, pod.path("spec").path("tolerations").size(), "admitting again adds nothing");
    }

    @Test
    void aPodsOwnTolerationWins() {
        ObjectNode pod = pod("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoExecute\","
                + "\"tolerationSeconds\":6000}]");
        admission.admit(pod);
        assertEquals(2, pod.path("spec").path("tolerations").size());
        assertEquals(6000, pod.path("spec").path("tolerations").get(0).path("tolerationSeconds").asInt());
        assertEquals("node.kubernetes.io/not-ready", pod.path("spec").path("tolerations").get(1).path("key").asText());
    }

    @Test
    void tolerateEverythingNeedsNoDefaults() {
        ObjectNode pod = pod("[{\"operator\":\"Exists\"}]");
        admission.admit(pod);
        assertEquals(1, pod.path("spec").path("tolerations").size());
        ObjectNode noSchedule = pod("[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\",\"effect\":\"NoSchedule\"}]");
        admission.admit(noSchedule);
        assertEquals(3, noSchedule.path("spec").path("tolerations").size(), "a NoSchedule toleration does not cover NoExecute");
    }
}
