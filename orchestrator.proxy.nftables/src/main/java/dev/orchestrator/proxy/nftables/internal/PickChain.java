package dev.orchestrator.proxy.nftables.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The chain that balances a service over {@code slots} endpoints: it marks the connection for
 * masquerading as its policy says, then jumps at random to one of the slot chains, whose maps hold
 * each entry's endpoint for that slot. Every service with as many endpoints and the same policy
 * shares it, so there are only a handful of such chains whatever the number of services.
 */
record PickChain(int slots, MasqueradePolicy policy) implements Comparable<PickChain> {

    PickChain {
        if (slots < 1) {
            throw new IllegalArgumentException("a pick chain needs a slot: " + slots);
        }
    }

    String name() {
        return "pick-" + slots + "-" + policy.suffix();
    }

    /** The verdict of an entry balanced by this chain. */
    String verdict() {
        return "goto " + name();
    }


    /** The rules of the chain, in order. */
    List<String> rules(int masqueradeMark) {
        List<String> rules = new ArrayList<>(2);
        String mark = policy.markRule(masqueradeMark);
        if (mark != null) {
            rules.add(mark);
        }
        StringBuilder pick = new StringBuilder("numgen random mod ").append(slots).append(" vmap { ");
        for (int i = 0; i < slots; i++) {
            pick.append(i == 0 ? "" : ", ").append(i).append(" : goto ").append(TableLayout.slot(i));
        }
        rules.add(pick.append(" }").toString());
        return rules;
    }

    @Override
    public int compareTo(PickChain other) {
        int bySlots = Integer.compare(slots, other.slots);
        return bySlots != 0 ? bySlots : policy.compareTo(other.policy);
    }
}
