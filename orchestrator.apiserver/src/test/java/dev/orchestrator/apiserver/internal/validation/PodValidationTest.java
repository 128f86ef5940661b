package dev.orchestrator.apiserver.internal.validation;

import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertError;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.assertValid;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.errors;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.json;
import static dev.orchestrator.apiserver.internal.validation.Fixtures.with;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PodValidationTest {

    /** A pod as kubectl run creates it, after the server's defaults. */
    static final ObjectNode POD = json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'web','namespace':'default',"
            + "'labels':{'run':'web'}},'spec':{'containers':[{'name':'web','image':'nginx:1.27','imagePullPolicy':'IfNotPresent',"
            + "'ports':[{'containerPort':80,'protocol':'TCP','name':'http'}],"
            + "'env':[{'name':'MODE','value':'prod'},{'name':'POD','valueFrom':{'fieldRef':{'fieldPath':'metadata.name'}}}],"
            + "'resources':{'requests':{'cpu':'250m','memory':'64Mi'},'limits':{'cpu':1,'memory':'128Mi'}},"
            + "'volumeMounts':[{'name':'data','mountPath':'/data'}],"
            + "'livenessProbe':{'httpGet':{'path':'/','port':'http'},'periodSeconds':10,'successThreshold':1},"
            + "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}],"
            + "'volumes':[{'name':'data','emptyDir':{}}],'restartPolicy':'Always','dnsPolicy':'ClusterFirst',"
            + "'terminationGracePeriodSeconds':30,'schedulerName':'default-scheduler',"
            + "'tolerations':[{'key':'node.kubernetes.io/not-ready','operator':'Exists','effect':'NoExecute',"
            + "'tolerationSeconds':300}]},'status':{'phase':'Pending'}}");

    @Test
    void typicalPodPasses() {
        assertValid(errors(POD, PodValidation::validate));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/containers|[]|spec.containers|Required value",
            "/spec/containers/0/name|'Web_1'|spec.containers[0].name|Invalid value: \"Web_1\": a lowercase RFC 1123 label",
            "/spec/containers/-|{'name':'web','image':'x','imagePullPolicy':'Always'}|spec.containers[1].name|Duplicate value: \"web\"",
            "/spec/initContainers|[{'name':'web','image':'x','imagePullPolicy':'Always'}]|spec.containers[0].name|Duplicate value: \"web\"",
            "/spec/containers/0/image|''|spec.containers[0].image|Required value",
            "/spec/containers/0/image|' nginx'|spec.containers[0].image|must not have leading or trailing whitespace",
            "/spec/containers/0/imagePullPolicy|'Sometimes'|spec.containers[0].imagePullPolicy|Unsupported value: \"Sometimes\": supported values: \"Always\", \"IfNotPresent\", \"Never\"",
            "/spec/containers/0/ports/0/containerPort|70000|spec.containers[0].ports[0].containerPort|Invalid value: 70000: must be between 1 and 65535, inclusive",
            "/spec/containers/0/ports/0/containerPort|<remove>|spec.containers[0].ports[0].containerPort|Required value",
            "/spec/containers/0/ports/0/hostPort|-1|spec.containers[0].ports[0].hostPort|must be between 1 and 65535",
            "/spec/containers/0/ports/0/protocol|'HTTP'|spec.containers[0].ports[0].protocol|Unsupported value: \"HTTP\": supported values: \"SCTP\", \"TCP\", \"UDP\"",
            "/spec/containers/0/ports/0/name|'web--x'|spec.containers[0].ports[0].name|must not contain consecutive hyphens",
            "/spec/containers/0/ports/0/name|'1234'|spec.containers[0].ports[0].name|must contain at least one letter",
            "/spec/containers/0/ports/-|{'containerPort':81,'protocol':'TCP','name':'http'}|spec.containers[0].ports[1].name|Duplicate value: \"http\"",
            "/spec/containers/0/env/0/name|''|spec.containers[0].env[0].name|Required value",
            "/spec/containers/0/env/0/name|'A=B'|spec.containers[0].env[0].name|other than '='",
            "/spec/containers/0/env/1/valueFrom|{}|spec.containers[0].env[1].valueFrom|must specify one of: `fieldRef`",
            "/spec/containers/0/env/1/valueFrom/secretKeyRef|{'name':'s','key':'k'}|spec.containers[0].env[1].valueFrom|may not have more than one field specified at a time",
            "/spec/containers/0/env/0/valueFrom|{'configMapKeyRef':{'name':'c','key':'..x'}}|spec.containers[0].env[0].valueFrom|may not be specified when `value` is not empty",
            "/spec/containers/0/resources/limits/cpu|'one'|spec.containers[0].resources.limits[cpu]|quantities must match the regular expression",
            "/spec/containers/0/resources/requests/memory|'-1Mi'|spec.containers[0].resources.requests[memory]|must be greater than or equal to 0",
            "/spec/containers/0/resources/requests/cpu|'2'|spec.containers[0].resources.requests[cpu]|Invalid value: \"2\": must be less than or equal to cpu limit of 1",
            "/spec/containers/0/resources/requests/gpu|'1'|spec.containers[0].resources.requests[gpu]|must be a standard resource for containers",
            "/spec/containers/0/resources/limits/example.com~1gpu|'0.5'|spec.containers[0].resources.limits[example.com/gpu]|must be an integer",
            "/spec/containers/0/volumeMounts/0/name|'logs'|spec.containers[0].volumeMounts[0].name|Not found: \"logs\"",
            "/spec/containers/0/volumeMounts/0/mountPath|''|spec.containers[0].volumeMounts[0].mountPath|Required value",
            "/spec/containers/0/livenessProbe|{'periodSeconds':5}|spec.containers[0].livenessProbe|Required value: must specify a handler type",
            "/spec/containers/0/livenessProbe/exec|{'command':['true']}|spec.containers[0].livenessProbe.httpGet|may not specify more than 1 handler type",
            "/spec/containers/0/livenessProbe/successThreshold|2|spec.containers[0].livenessProbe.successThreshold|must be 1",
            "/spec/containers/0/livenessProbe/periodSeconds|-1|spec.containers[0].livenessProbe.periodSeconds|must be greater than or equal to 0",
            "/spec/containers/0/livenessProbe/httpGet/port|0|spec.containers[0].livenessProbe.httpGet.port|must be between 1 and 65535",
            "/spec/initContainers|[{'name':'init','image':'x','imagePullPolicy':'Always','readinessProbe':{'exec':{'command':['a']}}}]|spec.initContainers[0].readinessProbe|may not be set for init containers",
            "/spec/restartPolicy|'Sometimes'|spec.restartPolicy|Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"",
            "/spec/restartPolicy|<remove>|spec.restartPolicy|Required value",
            "/spec/dnsPolicy|'Google'|spec.dnsPolicy|Unsupported value: \"Google\"",
            "/spec/activeDeadlineSeconds|0|spec.activeDeadlineSeconds|Invalid value: 0: must be between 1 and 2147483647, inclusive",
            "/spec/nodeName|'../x'|spec.nodeName|Invalid value: \"../x\": a lowercase RFC 1123 subdomain",
            "/spec/volumes/-|{'name':'data','emptyDir':{}}|spec.volumes[1].name|Duplicate value: \"data\"",
            "/spec/volumes/0/name|'Data'|spec.volumes[0].name|a lowercase RFC 1123 label",
            "/spec/volumes/0|{'name':'data'}|spec.volumes[0]|Required value: must specify a volume type",
            "/spec/volumes/0/hostPath|{'path':'/tmp'}|spec.volumes[0].emptyDir|may not specify more than 1 volume type",
            "/spec/volumes/0|{'name':'data','secret':{}}|spec.volumes[0].secret.secretName|Required value",
            "/spec/tolerations/0/operator|'Maybe'|spec.tolerations[0].operator|Unsupported value",
            "/spec/tolerations/0/effect|'Evict'|spec.tolerations[0].effect|Unsupported value: \"Evict\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"",
            "/spec/tolerations/0/value|'x'|spec.tolerations[0].operator|value must be empty when `operator` is 'Exists'",
            "/spec/tolerations/-|{'operator':'Equal','value':'x'}|spec.tolerations[1].operator|operator must be Exists when `key` is empty",
            "/spec/tolerations/-|{'key':'k','operator':'Equal','value':'v','effect':'NoSchedule','tolerationSeconds':5}|spec.tolerations[1].effect|effect must be 'NoExecute' when `tolerationSeconds` is set",
            "/spec/nodeSelector|{'disk':'ssd fast'}|spec.nodeSelector|a valid label must be an empty string",
            "/spec/ephemeralContainers|[{'name':'web','image':'x','imagePullPolicy':'Always'}]|spec.ephemeralContainers[0].name|Duplicate value: \"web\"",
            "/spec/ephemeralContainers|[{'name':'dbg','imagePullPolicy':'Always'}]|spec.ephemeralContainers[0].image|Required value",
            "/spec/ephemeralContainers|[{'name':'dbg','image':'x','imagePullPolicy':'Always','ports':[{'containerPort':80}]}]|spec.ephemeralContainers[0].ports|Forbidden: cannot be set for an Ephemeral Container",
            "/spec/ephemeralContainers|[{'name':'dbg','image':'x','imagePullPolicy':'Always','readinessProbe':{'exec':{'command':['true']}}}]|spec.ephemeralContainers[0].readinessProbe|Forbidden: cannot be set for an Ephemeral Container",
            "/spec/ephemeralContainers|[{'name':'dbg','image':'x','imagePullPolicy':'Always','resources':{'limits':{'cpu':'1'}}}]|spec.ephemeralContainers[0].resources|Forbidden: cannot be set for an Ephemeral Container",
            "/spec/ephemeralContainers|[{'name':'dbg','image':'x','imagePullPolicy':'Always','targetContainerName':'nope'}]|spec.ephemeralContainers[0].targetContainerName|Not found: \"nope\""})
    void eachInvalidFieldIsReportedWithItsPath(String pointer, String value, String field, String message) {
        assertError(errors(with(POD, pointer, value), PodValidation::validate), field, message);
    }

    @Test
    void ephemeralContainersAreAddedOnlyThroughTheirSubresourceAndNeverChanged() {
        ObjectNode debugged = with(POD, "/spec/ephemeralContainers", "[{'name':'debugger','image':'busybox:1.36',"
                + "'imagePullPolicy':'IfNotPresent','targetContainerName':'web','stdin':true,'tty':true,'resources':{},"
                + "'terminationMessagePath':'/dev/termination-log','terminationMessagePolicy':'File'}]");
        assertValid(errors(debugged, PodValidation::validate));
        assertError(errors(debugged, PodValidation::validateCreate), "spec.ephemeralContainers",
                "Forbidden: cannot be set on create");
        assertValid(errors(debugged, (pod, e) -> PodValidation.validateEphemeralContainersUpdate(pod, POD, e)));
        ObjectNode another = with(debugged, "/spec/ephemeralContainers/-", "{'name':'second','image':'busybox:1.36',"
                + "'imagePullPolicy':'IfNotPresent'}");
        assertValid(errors(another, (pod, e) -> PodValidation.validateEphemeralContainersUpdate(pod, debugged, e)));
        assertError(errors(POD, (pod, e) -> PodValidation.validateEphemeralContainersUpdate(pod, debugged, e)),
                "spec.ephemeralContainers", "existing ephemeral containers \"debugger\" may not be removed");
        assertError(errors(with(debugged, "/spec/ephemeralContainers/0/image", "'busybox:1.37'"),
                (pod, e) -> PodValidation.validateEphemeralContainersUpdate(pod, debugged, e)),
                "spec.ephemeralContainers", "existing ephemeral containers \"debugger\" may not be changed");
        assertError(errors(debugged, (pod, e) -> PodValidation.validateUpdate(pod, POD, e)), "spec",
                "Forbidden: pod updates may not change fields");
    }

    @Test
    void allViolationsAreListedNotOnlyTheFirst() {
        ObjectNode pod = with(with(POD, "/spec/containers/0/ports/0/containerPort", "0"), "/spec/restartPolicy", "'x'");
        var found = errors(pod, PodValidation::validate);
        assertError(found, "spec.containers[0].ports[0].containerPort", "Required value");
        assertError(found, "spec.restartPolicy", "Unsupported value");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/containers/0/image|'nginx:1.28'", "/spec/activeDeadlineSeconds|600",
            "/spec/tolerations/-|{'key':'k','operator':'Exists'}", "/metadata/labels/tier|'fe'"})
    void updatesMayChangeImagesDeadlinesAndAddTolerations(String pointer, String value) {
        assertValid(errors(with(POD, pointer, value), (pod, e) -> PodValidation.validateUpdate(pod, POD, e)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/spec/containers/0/ports/0/containerPort|8080|spec|Forbidden: pod updates may not change fields other than `spec.containers[*].image`",
            "/spec/restartPolicy|'Never'|spec|changed: spec.restartPolicy",
            "/spec/nodeName|'node-1'|spec|Forbidden: pod updates may not change fields",
            "/spec/tolerations|[]|spec.tolerations|Forbidden: existing toleration can not be modified except its tolerationSeconds"})
    void updatesMayNotChangeTheRestOfTheSpec(String pointer, String value, String field, String message) {
        assertError(errors(with(POD, pointer, value), (pod, e) -> PodValidation.validateUpdate(pod, POD, e)), field, message);
    }

    @Test
    void activeDeadlineMayOnlyDecreaseAndNotBeUnset() {
        ObjectNode old = with(POD, "/spec/activeDeadlineSeconds", "100");
        assertValid(errors(with(old, "/spec/activeDeadlineSeconds", "50"), (p, e) -> PodValidation.validateUpdate(p, old, e)));
        assertError(errors(with(old, "/spec/activeDeadlineSeconds", "200"), (p, e) -> PodValidation.validateUpdate(p, old, e)),
                "spec.activeDeadlineSeconds", "Invalid value: 200: must be less than or equal to previous value");
        assertError(errors(with(old, "/spec/activeDeadlineSeconds", "<remove>"), (p, e) -> PodValidation.validateUpdate(p, old, e)),
                "spec.activeDeadlineSeconds", "must not update from a positive integer to nil value");
    }

    @Test
    void aBoundPodCannotMoveToAnotherNode() {
        ObjectNode bound = with(POD, "/spec/nodeName", "'node-1'");
        assertError(errors(with(bound, "/spec/nodeName", "'node-2'"), (p, e) -> PodValidation.validateUpdate(p, bound, e)),
                "spec.nodeName", "may not be changed once set");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '^', value = {
            "/status/phase|'Done'|status.phase|Unsupported value: \"Done\": supported values: \"Pending\", \"Running\", \"Succeeded\", \"Failed\", \"Unknown\"",
            "/status/conditions|[{'type':'Ready','status':'Yes'}]|status.conditions[0].status|Unsupported value: \"Yes\"",
            "/status/conditions|[{'status':'True'}]|status.conditions[0].type|Required value",
            "/status/podIP|'10.0.0.300'|status.podIP|must be a valid IP address",
            "/status/containerStatuses|[{'ready':true}]|status.containerStatuses[0].name|Required value"})
    void statusWritesAreValidated(String pointer, String value, String field, String message) {
        assertError(errors(with(POD, pointer, value), PodValidation::validateStatus), field, message);
    }

    @Test
    void aTypicalStatusPasses() {
        ObjectNode running = with(POD, "/status", "{'phase':'Running','podIP':'10.244.0.5','podIPs':[{'ip':'10.244.0.5'}],"
                + "'hostIP':'192.168.1.10','conditions':[{'type':'Ready','status':'True'},{'type':'PodScheduled','status':'True'}],"
                + "'containerStatuses':[{'name':'web','ready':true,'restartCount':0}]}");
        assertValid(errors(running, PodValidation::validateStatus));
    }
}
