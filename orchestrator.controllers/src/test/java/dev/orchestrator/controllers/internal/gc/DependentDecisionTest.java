package dev.orchestrator.controllers.internal.gc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.orchestrator.controllers.internal.gc.DependentDecision.Action;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One row per case: the owners' states (uid a, b; "+" after a state: that reference blocks its owner) → decision. */
class DependentDecisionTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("no owners", List.of(), false, Action.KEEP, Set.of(), false),
                Arguments.of("owner present", List.of("PRESENT"), false, Action.KEEP, Set.of(), false),
                Arguments.of("owner gone: background deletion", List.of("GONE"), false, Action.DELETE, Set.of(), false),
                Arguments.of("both owners gone", List.of("GONE", "GONE"), false, Action.DELETE, Set.of(), false),
                Arguments.of("one gone, one present: the dangling reference goes", List.of("GONE", "PRESENT"), false,
                        Action.REMOVE_REFERENCES, Set.of("a"), false),
                Arguments.of("orphaning owner: its reference goes", List.of("ORPHANING"), false,
                        Action.REMOVE_REFERENCES, Set.of("a"), false),
                Arguments.of("orphaning first, the gone one next round", List.of("GONE", "ORPHANING"), false,
                        Action.REMOVE_REFERENCES, Set.of("b"), false),
                Arguments.of("foreground owner, blocking: foreground deletion", List.of("FOREGROUND+"), false,
                        Action.DELETE, Set.of(), true),
                Arguments.of("foreground owner, not blocking: background deletion", List.of("FOREGROUND"), false,
                        Action.DELETE, Set.of(), false),
                Arguments.of("foreground owner and a present one: only the reference goes",
                        List.of("FOREGROUND+", "PRESENT"), false, Action.REMOVE_REFERENCES, Set.of("a"), false),
                Arguments.of("foreground owner and a gone one", List.of("FOREGROUND+", "GONE"), false, Action.DELETE,
                        Set.of(), true),
                Arguments.of("already being deleted: not again", List.of("GONE"), true, Action.KEEP, Set.of(), false),
                Arguments.of("being deleted, orphaning owner: reference still goes", List.of("ORPHANING"), true,
                        Action.REMOVE_REFERENCES, Set.of("a"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(String name, List<String> owners, boolean deleting, Action action, Set<String> removed,
                 boolean foreground) {
        List<OwnerReference> refs = new ArrayList<>();
        Map<String, OwnerState> states = new HashMap<>();
        for (int i = 0; i < owners.size(); i++) {
            String uid = String.valueOf((char) ('a' + i));
            String state = owners.get(i);
            boolean blocks = state.endsWith("+");
            refs.add(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet").withName("o" + uid)
                    .withUid(uid).withBlockOwnerDeletion(blocks).build());
            states.put(uid, OwnerState.valueOf(blocks ? state.substring(0, state.length() - 1) : state));
        }
        DependentDecision decision = DependentDecision.decide(refs, states, deleting);
        assertEquals(action, decision.action());
        assertEquals(removed, decision.removeUids());
        assertEquals(foreground, decision.foreground());
    }
}
