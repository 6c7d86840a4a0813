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
