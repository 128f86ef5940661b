package dev.orchestrator.apiserver.internal.admission;

import static dev.orchestrator.apiserver.internal.admission.Plugins.createPod;
import static dev.orchestrator.apiserver.internal.admission.Plugins.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.orchestrator.api.admission.AdmissionDeniedException;
import dev.orchestrator.apiserver.internal.admission.PodSecurityChecks.Level;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodSecurityAdmissionTest {

    private final PodSecurityAdmission admission = new PodSecurityAdmission();

    private static Plugins.MemoryContext namespace(String labels) {
        return new Plugins.MemoryContext().put("", "namespaces",
                json("{'metadata':{'name':'ns','labels':" + labels + "}}"));
    }

    private static final String COMPLIANT = "{'securityContext':{'runAsNonRoot':true,'seccompProfile':{'type':'RuntimeDefault'}},"
            + "'containers':[{'name':'c','image':'busybox','securityContext':{'allowPrivilegeEscalation':false,"
            + "'capabilities':{'drop':['ALL']}}}]}";

    @Test
    void restrictedEnforceRefusesAPlainPodWithKubernetesWording() {
        ObjectNode pod = json("{'metadata':{'name':'x'},'spec':{'containers':[{'name':'c','image':'busybox'}]}}");
        var denied = assertThrows(AdmissionDeniedException.class, () -> admission.validate(createPod("ns", "x"), pod,
                namespace("{'pod-security.kubernetes.io/enforce':'restricted'}")));
        assertEquals("violates PodSecurity \"restricted:latest\": allowPrivilegeEscalation != false (container \"c\" "
                + "must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container \"c\" "
                + "must set securityContext.capabilities.drop=[\"ALL\"]), runAsNonRoot != true (pod or container \"c\" "
                + "must set securityContext.runAsNonRoot=true), seccompProfile (pod or container \"c\" must set "
                + "securityContext.seccompProfile.type to \"RuntimeDefault\" or \"Localhost\")", denied.getMessage());
    }

    /** kubectl debug --profile=sysadmin asks for a privileged ephemeral container: held to the level as a new pod. */
    @Test
    void ephemeralContainersAddedToARunningPodAreHeldToTheLevel() {
        ObjectNode debugged = json("{'metadata':{'name':'x'},'spec':{'containers':[{'name':'c','image':'busybox'}],"
                + "'ephemeralContainers':[{'name':'dbg','image':'busybox','securityContext':{'privileged':true}}]}}");
        var request = new dev.orchestrator.api.admission.AdmissionRequest(dev.orchestrator.api.admission.Operation.UPDATE,
                "", "v1", "pods", "ephemeralcontainers", "Pod", "ns", "x", "alice", java.util.List.of("system:authenticated"),
                false, java.util.Optional.empty());
        var denied = assertThrows(AdmissionDeniedException.class, () -> admission.validate(request, debugged,
                namespace("{'pod-security.kubernetes.io/enforce':'baseline'}")));
        assertEquals("violates PodSecurity \"baseline:latest\": privileged (container \"dbg\" must not set "
                + "securityContext.privileged=true)", denied.getMessage());
        var status = new dev.orchestrator.api.admission.AdmissionRequest(dev.orchestrator.api.admission.Operation.UPDATE,
                "", "v1", "pods", "status", "Pod", "ns", "x", "alice", java.util.List.of("system:authenticated"),
                false, java.util.Optional.empty());
        admission.validate(status, debugged, namespace("{'pod-security.kubernetes.io/enforce':'baseline'}"));
    }

    @Test
    void baselineRefusesPrivilegedAndHostNamespaces() {
        ObjectNode pod = json("{'spec':{'hostNetwork':true,'containers':[{'name':'a','securityContext':{'privileged':true}},"
                + "{'name':'b','securityContext':{'privileged':true}}]}}");
        var denied = assertThrows(AdmissionDeniedException.class, () -> admission.validate(createPod("ns", "x"), pod,
                namespace("{'pod-security.kubernetes.io/enforce':'baseline','pod-security.kubernetes.io/enforce-version':'v1.29'}")));
        assertEquals("violates PodSecurity \"baseline:latest\": host namespaces (hostNetwork=true), privileged "
                + "(containers \"a\", \"b\" must not set securityContext.privileged=true)", denied.getMessage());
    }

    @Test
    void warnModeAdmitsWithAWarningAndAuditAnnotates() {
        ObjectNode pod = json("{'spec':{'containers':[{'name':'c','securityContext':{'privileged':true}}]}}");
        var context = namespace("{'pod-security.kubernetes.io/warn':'baseline','pod-security.kubernetes.io/audit':'baseline'}");
        admission.validate(createPod("ns", "x"), pod, context);
        assertEquals(List.of("would violate PodSecurity \"baseline:latest\": privileged (container \"c\" must not set "
                + "securityContext.privileged=true)"), context.warnings);
        assertTrue(context.audit.get("pod-security.kubernetes.io/audit-violations").contains("privileged"));
    }

    @Test
    void aCompliantPodAndAnUnlabelledNamespacePass() {
        ObjectNode pod = json("{'spec':" + COMPLIANT + "}");
        admission.validate(createPod("ns", "x"), pod, namespace("{'pod-security.kubernetes.io/enforce':'restricted'}"));
        ObjectNode privileged = json("{'spec':{'containers':[{'name':'c','securityContext':{'privileged':true}}]}}");
        admission.validate(createPod("ns", "x"), privileged, namespace("{}"));
    }

    @Test
    void workloadTemplatesOnlyWarn() {
        ObjectNode deployment = json("{'spec':{'template':{'spec':{'containers':[{'name':'c','securityContext':"
                + "{'privileged':true}}]}}}}");
        var context = namespace("{'pod-security.kubernetes.io/enforce':'baseline','pod-security.kubernetes.io/warn':'baseline'}");
        admission.validate(Plugins.create("apps", "deployments", "Deployment", "ns", "d"), deployment, context);
        assertEquals(1, context.warnings.size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'containers':[{'name':'c','ports':[{'containerPort':80,'hostPort':8080}]}]}|hostPort (container \"c\" uses hostPort 8080)",
        "{'volumes':[{'name':'v','hostPath':{'path':'/'}}],'containers':[{'name':'c'}]}|hostPath volumes (volume \"v\")",
        "{'containers':[{'name':'c','securityContext':{'capabilities':{'add':['NET_ADMIN']}}}]}|non-default capabilities (container \"c\" must not include \"NET_ADMIN\" in securityContext.capabilities.add)",
        "{'securityContext':{'sysctls':[{'name':'kernel.msgmax','value':'1'}]},'containers':[{'name':'c'}]}|forbidden sysctls (kernel.msgmax)",
        "{'securityContext':{'seccompProfile':{'type':'Unconfined'}},'containers':[{'name':'c'}]}|seccompProfile (pod must not set securityContext.seccompProfile.type to \"Unconfined\")",
    })
    void baselineControls(String spec, String violation) {
        assertEquals(List.of(violation), PodSecurityChecks.violations(Level.BASELINE, json(spec)));
    }

    @Test
    void restrictedControlsOnTopOfACompliantPod() {
        ObjectNode spec = json(COMPLIANT);
        ((ObjectNode) spec.path("containers").get(0).path("securityContext")).put("runAsUser", 0);
        spec.putArray("volumes").addObject().put("name", "data").putObject("nfs");
        assertEquals(List.of("restricted volume types (volume \"data\" uses restricted volume type \"nfs\")",
                "runAsUser=0 (container \"c\" must not set runAsUser=0)"), PodSecurityChecks.violations(Level.RESTRICTED, spec));
    }
}
