package io.chipwatch.enrich.internal;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/** Which partition of the story topic an article's home, an LSH band or an exact-text key belongs to. */
public final class StoryRouting {
    private StoryRouting() {}

    /** The home partition of an article id: the Kafka default partitioner's choice for that key. */
    public static int home(String id, int partitions) {
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** The partition of an LSH band hash (already a well-mixed 64-bit hash). */
    public static int band(long bandHash, int partitions) {
        return (int) Long.remainderUnsigned(bandHash, partitions);
    }

    /** The partition of an exact-text key (a SHA-256 in hex). */
    public static int exact(String exactKey, int partitions) {
        return home("x:" + exactKey, partitions);
    }

    /**
     * The order that decides who may wait for whom: an article may wait for the decision of a
     * candidate still in flight only if the candidate comes first by (event time, id). Waits then
     * always point to earlier articles, so they can never form a cycle.
     */
    public static boolean before(long t1, String id1, long t2, String id2) {
        return t1 != t2 ? t1 < t2 : id1.compareTo(id2) < 0;
    }
}
