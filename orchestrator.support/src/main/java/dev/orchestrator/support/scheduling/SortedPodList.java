package dev.orchestrator.support.scheduling;

import dev.orchestrator.api.scheduler.PodInfo;
import dev.orchestrator.api.scheduler.PodList;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The pods of a node ordered by key, in chunks of a few dozen that versions of the list share: a pod more or less
 * copies one chunk and the array of chunk references, not every pod of the node. The scheduler derives a new list
 * on every binding it assumes and every one it sees confirmed; with whole copies, a node of 10,000 pods (virtual or
 * hollow kubelets) made each of those cost ~10,000 references copied several times over.
 */
final class SortedPodList extends AbstractList<PodInfo> implements PodList {

    static final SortedPodList EMPTY = new SortedPodList(new PodInfo[0][], new int[0]);

    /** A chunk is split beyond twice this, and merged into its neighbour below a quarter of it. */
    static final int CHUNK = 64;

    private static final Comparator<PodInfo> BY_KEY = Comparator.comparing(PodInfo::key);

    /** Each chunk non-empty and ordered by key; the chunks in key order. Never changed once made. */
    private final PodInfo[][] chunks;
    /** ends[i]: how many pods chunks 0..i hold. */
    private final int[] ends;

    private SortedPodList(PodInfo[][] chunks, int[] ends) {
        this.chunks = chunks;
        this.ends = ends;
    }

    /** @return the pods as such a list; a later pod replaces an earlier one of the same key */
    static SortedPodList of(Collection<PodInfo> pods) {
        if (pods instanceof SortedPodList sorted) {
            return sorted;
        }
        PodInfo[] ordered = pods.toArray(new PodInfo[0]);
        Arrays.sort(ordered, BY_KEY);
        List<PodInfo> unique = new ArrayList<>(ordered.length);
        for (PodInfo pod : ordered) {
            if (!unique.isEmpty() && unique.get(unique.size() - 1).key().equals(pod.key())) {
                unique.set(unique.size() - 1, pod);
            } else {
                unique.add(pod);
            }
        }
        int count = (unique.size() + CHUNK - 1) / CHUNK;
        PodInfo[][] chunks = new PodInfo[count][];
        for (int c = 0; c < count; c++) {
            chunks[c] = unique.subList(c * CHUNK, Math.min(unique.size(), (c + 1) * CHUNK)).toArray(new PodInfo[0]);
        }
        return count == 0 ? EMPTY : new SortedPodList(chunks, ends(chunks));
    }

    /** @return the pod of that key, or null */
    PodInfo find(String key) {
        int c = chunkFor(key);
        if (c == chunks.length) {
            return null;
        }
        int at = indexIn(chunks[c], key);
        return at >= 0 ? chunks[c][at] : null;
    }

    /** @return this list with the pod added, or replacing the pod of its key */
    SortedPodList with(PodInfo pod) {
        if (chunks.length == 0) {
            PodInfo[][] one = {{pod}};
            return new SortedPodList(one, ends(one));
        }
        int c = Math.min(chunkFor(pod.key()), chunks.length - 1);
        PodInfo[] chunk = chunks[c];
        int at = indexIn(chunk, pod.key());
        if (at >= 0) {
            PodInfo[] replaced = chunk.clone();
            replaced[at] = pod;
            return replace(c, 1, replaced);
        }
        int insert = -at - 1;
        PodInfo[] grown = new PodInfo[chunk.length + 1];
        System.arraycopy(chunk, 0, grown, 0, insert);
        grown[insert] = pod;
        System.arraycopy(chunk, insert, grown, insert + 1, chunk.length - insert);
        if (grown.length <= 2 * CHUNK) {
            return replace(c, 1, grown);
        }
        int half = grown.length / 2;
        return replace(c, 1, Arrays.copyOfRange(grown, 0, half), Arrays.copyOfRange(grown, half, grown.length));
    }

    /** @return this list without the pod of that key; the same list when it has none */
    SortedPodList without(String key) {
        int c = chunkFor(key);
        if (c == chunks.length) {
            return this;
        }
        PodInfo[] chunk = chunks[c];
        int at = indexIn(chunk, key);
        if (at < 0) {
            return this;
        }
        PodInfo[] shrunk = new PodInfo[chunk.length - 1];
        System.arraycopy(chunk, 0, shrunk, 0, at);
        System.arraycopy(chunk, at + 1, shrunk, at, chunk.length - at - 1);
        if (shrunk.length == 0) {
            return replace(c, 1);
        }
        if (shrunk.length >= CHUNK / 4 || chunks.length == 1) {
            return replace(c, 1, shrunk);
        }
        // a small chunk joins its next neighbour (or its previous one, for the last), so that deletions do not
        // leave the list in thousands of tiny chunks
        int first = c + 1 < chunks.length ? c : c - 1;
        PodInfo[] left = first == c ? shrunk : chunks[first];
        PodInfo[] right = first == c ? chunks[c + 1] : shrunk;
        PodInfo[] joined = new PodInfo[left.length + right.length];
        System.arraycopy(left, 0, joined, 0, left.length);
        System.arraycopy(right, 0, joined, left.length, right.length);
        if (joined.length <= 2 * CHUNK) {
            return replace(first, 2, joined);
        }
        int half = joined.length / 2;
        return replace(first, 2, Arrays.copyOfRange(joined, 0, half), Arrays.copyOfRange(joined, half, joined.length));
    }

    @Override
    public PodInfo get(int index) {
        if (index < 0 || index >= size()) {
            throw new IndexOutOfBoundsException(index);
        }
        int c = Arrays.binarySearch(ends, index + 1);
        c = c >= 0 ? c : -c - 1;
        return chunks[c][index - (c == 0 ? 0 : ends[c - 1])];
    }

    @Override
    public int size() {
        return ends.length == 0 ? 0 : ends[ends.length - 1];
    }

    @Override
    public Iterator<PodInfo> iterator() {
        return new Iterator<>() {
            private int chunk;
            private int at;

            @Override
            public boolean hasNext() {
                return chunk < chunks.length;
            }

            @Override
            public PodInfo next() {
                if (chunk >= chunks.length) {
                    throw new NoSuchElementException();
                }
                PodInfo pod = chunks[chunk][at++];
                if (at == chunks[chunk].length) {
                    chunk++;
                    at = 0;
                }
                return pod;
            }
        };
    }

    /** The first chunk whose last key is not below {@code key}; {@code chunks.length} when there is none. */
    private int chunkFor(String key) {
        int low = 0;
        int high = chunks.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            PodInfo[] chunk = chunks[mid];
            if (chunk[chunk.length - 1].key().compareTo(key) < 0) {
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        return low;
    }

    /** Like {@link Arrays#binarySearch}: the index of the key, else {@code -(insertion point) - 1}. */
    private static int indexIn(PodInfo[] chunk, String key) {
        int low = 0;
        int high = chunk.length - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            int order = chunk[mid].key().compareTo(key);
            if (order < 0) {
                low = mid + 1;
            } else if (order > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    /** A new list with {@code count} chunks from {@code from} replaced by {@code with}. */
    private SortedPodList replace(int from, int count, PodInfo[]... with) {
        PodInfo[][] next = new PodInfo[chunks.length - count + with.length][];
        System.arraycopy(chunks, 0, next, 0, from);
        System.arraycopy(with, 0, next, from, with.length);
        System.arraycopy(chunks, from + count, next, from + with.length, chunks.length - from - count);
        return next.length == 0 ? EMPTY : new SortedPodList(next, ends(next));
    }

    private static int[] ends(PodInfo[][] chunks) {
        int[] ends = new int[chunks.length];
        int sum = 0;
        for (int i = 0; i < chunks.length; i++) {
            sum += chunks[i].length;
            ends[i] = sum;
        }
        return ends;
    }
}
