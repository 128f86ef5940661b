package dev.orchestrator.scheduler.plugins.internal;

import dev.orchestrator.api.scheduler.NodeInfo;
import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.Status;
import dev.orchestrator.support.scheduling.NodeInfos;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirementBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.nodeInfo;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.pod;
import static dev.orchestrator.scheduler.plugins.internal.Fixtures.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NodeName, NodeUnschedulable, TaintToleration, NodeAffinity and NodePorts. */
class FilterPluginsTest {

    @Test
    void nodeNameKeepsThePodToItsNode() {
        NodeInfo a = nodeInfo("a", Map.of());
        NodeInfo b = nodeInfo("b", Map.of());
        PodInfo pod = pod("p", x -> x.editSpec().withNodeName("a").endSpec());
        assertTrue(new NodeName().filter(state(a, b), pod, a).isSuccess());
        Status s = new NodeName().filter(state(a, b), pod, b);
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, s.code());
        assertEquals(NodeName.REASON, s.message());
    }

    @Test
    void cordonedNodesTakeOnlyPodsThatTolerateIt() {
        NodeInfo cordoned = withNode(nodeInfo("c", Map.of()), n -> n.editOrNewSpec().withUnschedulable(true).endSpec());
        assertEquals(NodeUnschedulable.REASON,
                new NodeUnschedulable().filter(state(cordoned), pod("p", "1", "1Gi"), cordoned).message());
        PodInfo tolerant = pod("t", x -> x.editSpec().addNewToleration().withKey("node.kubernetes.io/unschedulable")
                .withOperator("Exists").withEffect("NoSchedule").endToleration().endSpec());
        assertTrue(new NodeUnschedulable().filter(state(cordoned), tolerant, cordoned).isSuccess());
    }

    @Test
    void untoleratedNoScheduleTaintsRejectAndPreferNoScheduleScoresLower() {
        NodeInfo tainted = withNode(nodeInfo("t", Map.of()), n -> n.editOrNewSpec().addNewTaint().withKey("gpu")
                .withValue("yes").withEffect("NoSchedule").endTaint().endSpec());
        TaintToleration plugin = new TaintToleration();
        Status s = plugin.filter(state(tainted), pod("p", "1", "1Gi"), tainted);
        assertEquals("node(s) had untolerated taint {gpu: yes}", s.message());
        PodInfo tolerant = pod("q", x -> x.editSpec().addNewToleration().withKey("gpu").withValue("yes")
                .withEffect("NoSchedule").endToleration().endSpec());
        assertTrue(plugin.filter(state(tainted), tolerant, tainted).isSuccess());
        PodInfo wrongValue = pod("r", x -> x.editSpec().addNewToleration().withKey("gpu").withValue("no")
                .endToleration().endSpec());
        assertEquals(Status.Code.UNSCHEDULABLE_AND_UNRESOLVABLE, plugin.filter(state(tainted), wrongValue, tainted).code());

        NodeInfo prefer = withNode(nodeInfo("p", Map.of()), n -> n.editOrNewSpec().addNewTaint().withKey("slow")
                .withEffect("PreferNoSchedule").endTaint().endSpec());
        NodeInfo clean = nodeInfo("c", Map.of());
        PodInfo pod = pod("x", "1", "1Gi");
        long[] scores = {plugin.score(state(), pod, prefer), plugin.score(state(), pod, clean)};
        plugin.normalize(state(), pod, List.of(prefer, clean), scores);
        assertEquals(0, scores[0]);
        assertEquals(100, scores[1]);
    }

    @Test
    void nodeSelectorAndRequiredAffinityMustMatch() {
        NodeInfo ssd = nodeInfo("ssd", Map.of("disk", "ssd", "gen", "5"));
        NodeInfo hdd = nodeInfo("hdd", Map.of("disk", "hdd", "gen", "3"));
        NodeAffinity plugin = new NodeAffinity();
        PodInfo selector = pod("s", x -> x.editSpec().withNodeSelector(Map.of("disk", "ssd")).endSpec());
        assertTrue(plugin.filter(state(), selector, ssd).isSuccess());
        assertEquals(NodeAffinity.REASON, plugin.filter(state(), selector, hdd).message());

        PodInfo gt = pod("g", x -> x.editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey("gen").withOperator("Gt")
                        .withValues("4").build())
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .endAffinity().endSpec());
        assertTrue(plugin.filter(state(), gt, ssd).isSuccess());
        assertTrue(plugin.filter(state(), gt, hdd).isRejected());

        PodInfo prefers = pod("p", x -> x.editSpec().withNewAffinity().withNewNodeAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10).withNewPreference()
                .withMatchExpressions(new NodeSelectorRequirementBuilder().withKey("disk").withOperator("In")
                        .withValues("hdd").build())
                .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .endAffinity().endSpec());
        long[] scores = {plugin.score(state(), prefers, ssd), plugin.score(state(), prefers, hdd)};
        plugin.normalize(state(), prefers, List.of(ssd, hdd), scores);
        assertEquals(0, scores[0]);
        assertEquals(100, scores[1]);
    }

    @Test
    void hostPortsConflictOnTheSameProtocolAndAddress() {
        PodInfo web = pod("web", x -> x.editSpec().editFirstContainer().addNewPort().withContainerPort(80)
                .withHostPort(8080).endPort().endContainer().endSpec());
        NodeInfo busy = nodeInfo("busy", Map.of(), web);
        NodeInfo free = nodeInfo("free", Map.of());
        PodInfo another = pod("web2", x -> x.editSpec().editFirstContainer().addNewPort().withContainerPort(80)
                .withHostPort(8080).endPort().endContainer().endSpec());
        PodInfo udp = pod("dns", x -> x.editSpec().editFirstContainer().addNewPort().withContainerPort(53)
                .withHostPort(8080).withProtocol("UDP").endPort().endContainer().endSpec());
        NodePorts plugin = new NodePorts();
        assertEquals(NodePorts.REASON, plugin.filter(state(), another, busy).message());
        assertTrue(plugin.filter(state(), another, free).isSuccess());
        assertTrue(plugin.filter(state(), udp, busy).isSuccess());
    }

    private static NodeInfo withNode(NodeInfo info, java.util.function.UnaryOperator<NodeBuilder> change) {
        return NodeInfos.withNode(info, change.apply(new NodeBuilder(info.node())).build());
    }
}
