package dev.orchestrator.runtime.cri.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SandboxInfoPidTest {

    /** The shape of containerd 1.6's sandbox record: pid first, then the config and the OCI spec. */
    private static final String CONTAINERD_INFO = """
            {
              "pid": 41234,
              "processStatus": "running",
              "netNamespaceClosed": false,
              "image": "localhost/pause:1",
              "snapshotKey": "abc",
              "config": {"metadata": {"name": "web", "uid": "u1"}, "linux": {"security_context": {"namespace_options": {"pid": 1}}}},
              "runtimeSpec": {"process": {"args": ["/pause"]}, "linux": {"namespaces": [{"type": "pid"}, {"type": "network", "path": "/var/run/netns/cni-1"}]}}
            }
            """;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pid first                              | {"pid": 41234, "processStatus": "running"}                   | 41234
            pid after nested pids and "pid" values | {"config": {"pid": 7}, "kind": "pid", "ns": ["pid"], "pid": 99} | 99
            an escaped quote before it             | {"name": "a\\"pid\\"", "pid":5}                              | 5
            a stopped sandbox has pid 0            | {"pid": 0, "processStatus": "stopped"}                      | -1
            no pid                                 | {"processStatus": "running"}                                 | -1
            pid that is not a number               | {"pid": "x"}                                                 | -1
            not json at all                        | pid: 5                                                       | -1
            """)
    void readsOnlyTheOutermostPid(String name, String json, long expected) {
        assertEquals(expected < 0 ? OptionalLong.empty() : OptionalLong.of(expected), SandboxInfoPid.topLevelPid(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            containerd's record | true
            no info key         | false
            """)
    void theRecordIsUnderInfo(String name, boolean present) {
        Map<String, String> info = present ? Map.of("info", CONTAINERD_INFO) : Map.of();
        assertEquals(present ? OptionalLong.of(41234) : OptionalLong.empty(), SandboxInfoPid.of(info));
    }
}
