package dev.orchestrator.store.tck;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A real etcd cluster of several members (the binary {@link EtcdServer} runs), each on its own free loopback
 * ports and temporary data directory, for tests of several masters. Members can be killed one by one;
 * {@link #close()} stops every process by PID and removes the directories.
 */
public final class EtcdCluster implements AutoCloseable {

    private final List<EtcdServer> members;

    private EtcdCluster(List<EtcdServer> members) {
        this.members = members;
    }

    /** Starts {@code size} members together and waits until each serves clients (a majority is up). */
    public static EtcdCluster start(int size) throws IOException, InterruptedException {
        int[] clientPorts = new int[size];
        int[] peerPorts = new int[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = EtcdServer.freePort();
            peerPorts[i] = EtcdServer.freePort();
        }
        String initialCluster = IntStream.range(0, size)
                .mapToObj(i -> name(i) + "=" + EtcdServer.peerUrl(peerPorts[i])).collect(Collectors.joining(","));
        List<EtcdServer> members = new ArrayList<>();
        EtcdCluster cluster = new EtcdCluster(members);
        try {
            for (int i = 0; i < size; i++) {
                members.add(EtcdServer.member(name(i), clientPorts[i], peerPorts[i], initialCluster));
            }
            // all at once: a member serves clients only once it has joined a quorum
            for (EtcdServer member : members) {
                member.launch();
            }
            for (EtcdServer member : members) {
                member.awaitListening();
            }
            return cluster;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.closeQuietly(e);
            throw e;
        }
    }

    private static String name(int index) {
        return "orch-member-" + index;
    }

    public EtcdServer member(int index) {
        return members.get(index);
    }

    /** Every member's client URL, starting with member {@code first}'s (so a client prefers that one). */
    public String endpoints(int first) {
        List<String> endpoints = new ArrayList<>();
        for (int i = 0; i < members.size(); i++) {
            endpoints.add(members.get((first + i) % members.size()).endpoint());
        }
        return String.join(",", endpoints);
    }

    private void closeQuietly(Exception cause) {
        try {
            close();
        } catch (Exception e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (EtcdServer member : members) {
            try {
                member.close();
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
