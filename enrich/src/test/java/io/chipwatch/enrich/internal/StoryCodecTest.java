package io.chipwatch.enrich.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chipwatch.enrich.Fixtures;
import io.chipwatch.model.EnrichedArticle;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class StoryCodecTest {
    private static final StoryFeatures FEATURES = new StoryFeatures(new int[] {1, 5}, new int[] {1, 5, 9}, new int[] {}, new int[] {42});

    @Test
    void shouldRoundTripEveryMessageType() {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("a1", "Chip rules widen", "The rules widen again today."));
        List<StoryMessage> messages = StoryPartition.prepare(a, 1_000L, "0-7", 3);
        assertThat(messages).hasSize(4);
        for (StoryMessage m : messages) {
            StoryMessage back = StoryCodec.decode(StoryCodec.encode(m));
            assertThat(StoryCodec.encode(back)).isEqualTo(StoryCodec.encode(m));
        }
        StoryMessage.Candidate c = new StoryMessage.Candidate("b2", 900L, true);
        StoryMessage.Score score = new StoryMessage.Score("a1", "0-7", 1_000L, new int[] {3, 4}, FEATURES, 0, 2, List.of(c));
        StoryMessage.Score scoreBack = (StoryMessage.Score) StoryCodec.decode(StoryCodec.encode(score));
        assertThat(scoreBack.candidates()).containsExactly(c);
        assertThat(scoreBack.askerFeatures()).isEqualTo(FEATURES);
        assertThat(scoreBack.askerSig()).containsExactly(3, 4);
        StoryMessage.Reply reply = new StoryMessage.Reply("a1", "0-7", 2, new StoryMessage.Match("b2", 900L, 0.5, false, "b0"));
        assertThat(StoryCodec.decode(StoryCodec.encode(reply))).isEqualTo(reply);
        StoryMessage.Reply none = new StoryMessage.Reply("a1", "0-7", 1, null);
        assertThat(StoryCodec.decode(StoryCodec.encode(none))).isEqualTo(none);
        StoryMessage.Candidates cs = new StoryMessage.Candidates("a1", "0-7", 1, List.of(c));
        assertThat(StoryCodec.decode(StoryCodec.encode(cs))).isEqualTo(cs);
    }

    @Test
    void shouldRoundTripTheStateValues() {
        StoryPartition.Decided d = new StoryPartition.Decided("s1", 5L, new int[] {7, 8, 9}, FEATURES);
        StoryPartition.Decided back = StoryCodec.decodeDecided(StoryCodec.encodeDecided(d));
        assertThat(back.storyId()).isEqualTo("s1");
        assertThat(back.sig()).containsExactly(7, 8, 9);
        assertThat(back.features()).isEqualTo(FEATURES);
        StoryPartition.Decided noSig = StoryCodec.decodeDecided(StoryCodec.encodeDecided(new StoryPartition.Decided("s", 1L, null, null)));
        assertThat(noSig.sig()).isNull();
        assertThat(noSig.features()).isNull();
        StoryPartition.Indexed i = StoryCodec.decodeIndexed(StoryCodec.encodeIndexed(new StoryPartition.Indexed(3L, new long[] {-1L, 2L})));
        assertThat(i.bands()).containsExactly(-1L, 2L);
        assertThat(StoryCodec.decodeStrings(StoryCodec.encodeStrings(List.of("a/1", "b/2")))).containsExactly("a/1", "b/2");
    }

    /** A pending entry leaves its article out (stored once, apart) and says whether it has arrived. */
    @Test
    void shouldKeepTheArticleOutOfAPendingEntry() {
        EnrichedArticle a = Fixtures.enricher().enrich(Fixtures.article("a1", "Chip rules widen", "The rules widen again today."));
        StoryMessage.Article article = (StoryMessage.Article) StoryPartition.prepare(a, 1_000L, "0-7", 3).get(0);
        StoryMessage.Candidate c = new StoryMessage.Candidate("b2", 900L, false);
        byte[] arrived = StoryCodec.encodePending(new StoryPartition.Pending(article, new int[] {0, 2}, List.of(c), -1, new int[0], null));
        StoryPartition.Pending back = StoryCodec.decodePending(arrived);
        assertThat(StoryCodec.pendingArticleApart(arrived)).isTrue();
        assertThat(back.article()).isNull();
        assertThat(back.lookupsSeen()).containsExactly(0, 2);
        assertThat(back.candidates()).containsExactly(c);
        assertThat(arrived.length).isLessThan(StoryCodec.encode(article).length);
        byte[] notYet = StoryCodec.encodePending(new StoryPartition.Pending(null, new int[] {1}, List.of(), -1, new int[0], null));
        assertThat(StoryCodec.pendingArticleApart(notYet)).isFalse();
    }

    /** The band filter's fields: the lookup's signature and features, the indexed entry's, each candidate's score. */
    @Test
    void shouldRoundTripSignaturesAndScores() {
        int[] sig = {3, 4, 5};
        StoryMessage.Lookup l = new StoryMessage.Lookup("a1", "0-7", 1_000L, 2, new long[] {9L}, "k", sig, FEATURES);
        StoryMessage.Lookup lBack = (StoryMessage.Lookup) StoryCodec.decode(StoryCodec.encode(l));
        assertThat(lBack.sig()).containsExactly(3, 4, 5);
        assertThat(lBack.features()).isEqualTo(FEATURES);
        assertThat(lBack.bands()).containsExactly(9L);
        assertThat(lBack.exactKey()).isEqualTo("k");
        StoryPartition.Indexed i = StoryCodec.decodeIndexed(StoryCodec.encodeIndexed(new StoryPartition.Indexed(3L, new long[] {2L}, sig, FEATURES)));
        assertThat(i.sig()).containsExactly(3, 4, 5);
        assertThat(i.features()).isEqualTo(FEATURES);
        List<StoryMessage.Candidate> cs = List.of(new StoryMessage.Candidate("b2", 900L, false, 0.45),
                new StoryMessage.Candidate("b3", 950L, true), new StoryMessage.Candidate("b4", 960L, false));
        StoryMessage.Candidates list = new StoryMessage.Candidates("a1", "0-7", 1, cs);
        assertThat(StoryCodec.decode(StoryCodec.encode(list))).isEqualTo(list);
        assertThat(((StoryMessage.Candidates) StoryCodec.decode(StoryCodec.encode(list))).candidates())
                .extracting(StoryMessage.Candidate::scored).containsExactly(true, false, false);
        StoryMessage.Score score = new StoryMessage.Score("a1", "0-7", 1_000L, null, null, 0, 2, cs);
        StoryMessage.Score scoreBack = (StoryMessage.Score) StoryCodec.decode(StoryCodec.encode(score));
        assertThat(scoreBack.candidates()).isEqualTo(cs);
        assertThat(scoreBack.askerSig()).isNull();
        StoryPartition.Pending p = StoryCodec.decodePending(StoryCodec.encodePending(
                new StoryPartition.Pending(null, new int[] {0}, cs, -1, new int[0], null)));
        assertThat(p.candidates()).isEqualTo(cs);
        StoryPartition.Waiting w = StoryCodec.decodeWaiting(StoryCodec.encodeWaiting(new StoryPartition.Waiting(score, null, List.of("b4"))));
        assertThat(w.score().candidates()).isEqualTo(cs);
        assertThat(w.unresolved()).containsExactly("b4");
    }

    /**
     * Records of the version before the band filter: a lookup and an indexed entry without signature, candidate lists
     * without scores. They are read, with the signature absent and the candidates unscored (tested at their homes).
     */
    @Test
    void shouldReadTheRecordsOfThePreviousVersion() throws Exception {
        byte[] lookup = previous(out -> {
            out.writeByte(1); // LOOKUP
            out.writeUTF("a1");
            out.writeUTF("0-7");
            out.writeLong(1_000L);
            out.writeInt(2);
            out.writeInt(2);
            out.writeLong(9L);
            out.writeLong(-4L);
            out.writeBoolean(true);
            out.writeUTF("k");
        });
        StoryMessage.Lookup l = (StoryMessage.Lookup) StoryCodec.decode(lookup);
        assertThat(l).extracting(StoryMessage.Lookup::id, StoryMessage.Lookup::nonce, StoryMessage.Lookup::t,
                StoryMessage.Lookup::bandPartition, StoryMessage.Lookup::exactKey).containsExactly("a1", "0-7", 1_000L, 2, "k");
        assertThat(l.bands()).containsExactly(9L, -4L);
        assertThat(l.sig()).isNull();
        assertThat(l.features()).isNull();
        byte[] indexed = previous(out -> {
            out.writeLong(3L);
            out.writeInt(1);
            out.writeLong(2L);
        });
        StoryPartition.Indexed i = StoryCodec.decodeIndexed(indexed);
        assertThat(i.t()).isEqualTo(3L);
        assertThat(i.bands()).containsExactly(2L);
        assertThat(i.sig()).isNull();
        assertThat(i.features()).isNull();
        byte[] candidates = previous(out -> {
            out.writeByte(3); // CANDIDATES
            out.writeUTF("a1");
            out.writeUTF("0-7");
            out.writeInt(1);
            out.writeInt(2);
            out.writeUTF("b2");
            out.writeLong(900L);
            out.writeBoolean(false);
            out.writeUTF("b3");
            out.writeLong(950L);
            out.writeBoolean(true);
        });
        assertThat(((StoryMessage.Candidates) StoryCodec.decode(candidates)).candidates()).containsExactly(
                new StoryMessage.Candidate("b2", 900L, false), new StoryMessage.Candidate("b3", 950L, true));
        byte[] score = previous(out -> {
            out.writeByte(4); // SCORE
            out.writeUTF("a1");
            out.writeUTF("0-7");
            out.writeLong(1_000L);
            out.writeInt(2);
            out.writeInt(3);
            out.writeInt(4);
            out.writeBoolean(false); // no features
            out.writeInt(0);
            out.writeInt(2);
            out.writeInt(1);
            out.writeUTF("b2");
            out.writeLong(900L);
            out.writeBoolean(false);
        });
        StoryMessage.Score s = (StoryMessage.Score) StoryCodec.decode(score);
        assertThat(s.askerSig()).containsExactly(3, 4);
        assertThat(s.candidates()).containsExactly(new StoryMessage.Candidate("b2", 900L, false));
        assertThat(s.candidates().get(0).scored()).isFalse();
        byte[] pending = previous(out -> {
            out.writeByte(0); // no article yet
            out.writeInt(1);
            out.writeInt(0); // lookups seen
            out.writeInt(1);
            out.writeUTF("b2");
            out.writeLong(900L);
            out.writeBoolean(false);
            out.writeInt(-1);
            out.writeInt(0); // homes seen
            out.writeBoolean(false); // no best
        });
        StoryPartition.Pending p = StoryCodec.decodePending(pending);
        assertThat(p.candidates()).containsExactly(new StoryMessage.Candidate("b2", 900L, false));
        assertThat(p.homesExpected()).isEqualTo(-1);
    }

    /**
     * A partition whose band index was filed by the previous version (entries without signature), restored by this one:
     * those entries' articles are forwarded unscored, and their homes test them as before, so the decisions stay; the
     * articles filed since are tested on the band partition.
     */
    @Test
    void shouldForwardTheArticlesOfPreviousVersionEntriesUnscored() {
        String body = "Officials said the measures would tighten controls on advanced computing chips and the tools used to make "
                + "them, extending rules first announced last year, while industry groups warned of lost sales.";
        String title = "US widens chip export rules to Nexavia Systems";
        StoryPartitionTest.Cluster cluster = new StoryPartitionTest.Cluster(3);
        cluster.legacyLookups = true; // the previous version's lookups: filed without signature
        cluster.publish(enrich("old", title, body, Fixtures.T0), Fixtures.T0.toEpochMilli());
        cluster.drain();
        cluster.stores.forEach(st -> st.forEach((k, v) -> {
            if (k.startsWith("l:")) {
                assertThat(StoryCodec.decodeIndexed(v).sig()).isNull();
            }
        }));
        cluster.parts.forEach(StoryPartition::rebuild); // restored by this version
        cluster.legacyLookups = false;
        cluster.publish(enrich("new", title, body + " Shares fell.", Fixtures.T0.plusSeconds(60)), Fixtures.T0.plusSeconds(60).toEpochMilli());
        cluster.publish(enrich("copy", title, body + " Shares fell.", Fixtures.T0.plusSeconds(120)), Fixtures.T0.plusSeconds(120).toEpochMilli());
        List<StoryMessage.Candidate> forwarded = new java.util.ArrayList<>();
        while (cluster.deliver(m -> {
            if (m instanceof StoryMessage.Candidates c && c.id().equals("copy")) {
                forwarded.addAll(c.candidates());
            }
            return true;
        })) { }
        assertThat(forwarded).filteredOn(c -> c.id().equals("old")).isNotEmpty().allSatisfy(c -> assertThat(c.scored()).isFalse());
        assertThat(forwarded).filteredOn(c -> c.id().equals("new")).isNotEmpty()
                .allSatisfy(c -> assertThat(c.scored() || c.exact()).isTrue());
        assertThat(cluster.decided.get("new").duplicateOf()).isEqualTo("old");
        assertThat(cluster.decided.get("copy").storyId()).isEqualTo("old");
        assertThat(cluster.waiting()).isEmpty();
    }

    private static EnrichedArticle enrich(String id, String title, String body, java.time.Instant when) {
        return Fixtures.enricher().enrich(Fixtures.article(id, "wire", title, body, when));
    }

    private interface Fields {
        void write(java.io.DataOutputStream out) throws java.io.IOException;
    }

    /** A record as the previous version wrote it: format version 1, then the fields. */
    private static byte[] previous(Fields fields) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeByte(1);
            fields.write(out);
        }
        return bytes.toByteArray();
    }

    @Test
    void shouldBeSmallerThanJsonForASignature() {
        int[] sig = MinHash.signature("word ".repeat(50) + Arrays.toString(new int[] {1, 2, 3}));
        byte[] binary = StoryCodec.encodeDecided(new StoryPartition.Decided("0123456789abcdef0123456789abcdef", 1L, sig, null));
        assertThat(binary.length).isLessThan(Arrays.toString(sig).length() / 2);
    }

    @Test
    void shouldRefuseTruncatedOrForeignBytesWithAReason() {
        byte[] ok = StoryCodec.encode(new StoryMessage.Reply("a1", "0-7", 2, null));
        assertThatThrownBy(() -> StoryCodec.decode(Arrays.copyOf(ok, ok.length - 3)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> StoryCodec.decode("{\"json\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("format version");
    }
}
