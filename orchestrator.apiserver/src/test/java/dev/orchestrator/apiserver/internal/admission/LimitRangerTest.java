package dev.orchestrator.apiserver.internal.admission;

import static dev.orchestrator.apiserver.internal.admission.Plugins.createPod;
import static dev.orchestrator.apiserver.internal.admission.Plugins.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LimitRangerTest {

    private final LimitRanger ranger = new LimitRanger();

    private static Plugins.MemoryContext withRange(String limits) {
        return new Plugins.MemoryContext().put("", "limitranges",
                json("{'metadata':{'name':'lr','namespace':'ns'},'spec':{'limits':" + limits + "}}"));
    }

    @Test
    void defaultsGoIntoContainersThatLackThem() {
        var context = withRange("[{'type':'Container','default':{'cpu':'500m','memory':'256Mi'},"
                + "'defaultRequest':{'cpu':'100m'}}]");
        ObjectNode pod = json("{'metadata':{'name':'p'},'spec':{'containers':[{'name':'a','resources':{}},"
                + "{'name':'b','resources':{'limits':{'cpu':'1'},'requests':{'cpu':'1'}}}]}}");
        ranger.admit(createPod("ns", "p"), pod, context);
        var a = pod.path("spec").path("containers").get(0).path("resources");
        assertEquals("500m", a.path("limits").path("cpu").asText());
        assertEquals("256Mi", a.path("limits").path("memory").asText());
        assertEquals("100m", a.path("requests").path("cpu").asText());
        // the default request of memory is the default limit, as Kubernetes defaults a LimitRange
        assertEquals("256Mi", a.path("requests").path("memory").asText());
        var b = pod.path("spec").path("containers").get(1).path("resources");
        assertEquals("1", b.path("limits").path("cpu").asText());
        assertEquals("256Mi", b.path("limits").path("memory").asText());
        assertEquals("LimitRanger plugin set: cpu, memory request for container a; cpu, memory limit for container a; "
                        + "memory request for container b; memory limit for container b",
                pod.path("metadata").path("annotations").path("kubernetes.io/limit-ranger").asText());
    }

    @Test
    void otherNamespacesAndUpdatesAreLeftAlone() {
        var context = withRange("[{'type':'Container','default':{'cpu':'500m'}}]");
        ObjectNode pod = json("{'spec':{'containers':[{'name':'a','resources':{}}]}}");
        ranger.admit(createPod("other", "p"), pod, context);
        assertFalse(pod.path("spec").path("containers").get(0).path("resources").has("limits"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'max':{'cpu':'1'}}|{'limits':{'cpu':'2'}}|maximum cpu usage per Container is 1, but limit is 2",
        "{'max':{'cpu':'1'}}|{'requests':{'cpu':'100m'}}|maximum cpu usage per Container is 1.  No limit is specified",
        "{'min':{'memory':'64Mi'}}|{'requests':{'memory':'32Mi'}}|minimum memory usage per Container is 64Mi, but request is 32Mi",
        "{'min':{'memory':'64Mi'}}|{}|minimum memory usage per Container is 64Mi.  No request is specified",
        "{'maxLimitRequestRatio':{'cpu':'2'}}|{'requests':{'cpu':'100m'},'limits':{'cpu':'400m'}}|cpu max limit to request ratio per Container is 2, but provided ratio is 4.000000",
    })
    void containerConstraintsRefuseWithKubernetesWording(String item, String resources, String message) {
        var context = withRange("[{'type':'Container'," + item.substring(1) + "]");
        ObjectNode pod = json("{'spec':{'containers':[{'name':'a','resources':" + resources + "}]}}");
        var denied = assertThrows(AdmissionDeniedException.class, () -> ranger.validate(createPod("ns", "p"), pod, context));
        assertEquals(403, denied.code);
        assertEquals(message, denied.getMessage());
    }

    @Test
    void podConstraintsSumTheContainers() {
        var context = withRange("[{'type':'Pod','max':{'memory':'1Gi'}}]");
        ObjectNode pod = json("{'spec':{'containers':[{'name':'a','resources':{'limits':{'memory':'768Mi'}}},"
                + "{'name':'b','resources':{'limits':{'memory':'512Mi'}}}]}}");
        var denied = assertThrows(AdmissionDeniedException.class, () -> ranger.validate(createPod("ns", "p"), pod, context));
        assertEquals("maximum memory usage per Pod is 1Gi, but limit is 1280Mi", denied.getMessage());
    }

    @Test
    void aPodWithinTheRangeIsAdmitted() {
        var context = withRange("[{'type':'Container','max':{'cpu':'1'},'min':{'cpu':'100m'}}]");
        ObjectNode pod = json("{'spec':{'containers':[{'name':'a','resources':{'requests':{'cpu':'200m'},'limits':{'cpu':'1'}}}]}}");
        ranger.validate(createPod("ns", "p"), pod, context);
    }
}
