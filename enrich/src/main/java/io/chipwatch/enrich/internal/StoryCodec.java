package io.chipwatch.enrich.internal;

import io.chipwatch.enrich.internal.StoryMessage.Article;
import io.chipwatch.enrich.internal.StoryMessage.Candidate;
import io.chipwatch.enrich.internal.StoryMessage.Candidates;
import io.chipwatch.enrich.internal.StoryMessage.Lookup;
import io.chipwatch.enrich.internal.StoryMessage.Match;
import io.chipwatch.enrich.internal.StoryMessage.Reply;
import io.chipwatch.enrich.internal.StoryMessage.Score;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.json.JsonSerde;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary format for the story messages and the story state: internal to the enrich
 * application (public topics stay JSON), so it trades readability for size and speed; a MinHash
 * signature is 480 bytes here against about 1,300 as JSON. The article inside an {@link Article}
 * stays {@code articles.enriched} JSON. Every value starts with a format version and a type byte, so
 * a later version can read what this one wrote.
 *
 * <p>Fields added later go after all earlier ones (<em>trailers</em>), so a record written before them reads
 * with them absent, and a version before them reads a newer record and ignores them: the signature and
 * features of a {@link Lookup} and of an indexed entry ({@code l:}), and the scores of every candidate list
 * (one double per candidate, NaN for unscored, at the very end of the record that holds the list).
 */
public final class StoryCodec {
    static final byte VERSION = 1;
    private static final byte LOOKUP = 1;
    private static final byte ARTICLE = 2;
    private static final byte CANDIDATES = 3;
    private static final byte SCORE = 4;
    private static final byte REPLY = 5;
    /** First byte of a pending entry: no article yet, the article inside (written by earlier versions), or stored apart. */
    private static final byte PENDING_NO_ARTICLE = 0;
    private static final byte PENDING_ARTICLE_INLINE = 1;
    private static final byte PENDING_ARTICLE_APART = 2;
    private static final JsonSerde<EnrichedArticle> ARTICLE_JSON = new JsonSerde<>(EnrichedArticle.class);

    private StoryCodec() {}

    /** Serde of the story topic's values. */
    public static Serde<StoryMessage> serde() {
        Serializer<StoryMessage> ser = (topic, m) -> m == null ? null : encode(m);
        Deserializer<StoryMessage> de = (topic, bytes) -> bytes == null ? null : decode(bytes);
        return org.apache.kafka.common.serialization.Serdes.serdeFrom(ser, de);
    }

    public static byte[] encode(StoryMessage m) {
        return write(out -> {
            if (m instanceof Lookup l) {
                out.writeByte(LOOKUP);
                out.writeUTF(l.id());
                out.writeUTF(l.nonce());
                out.writeLong(l.t());
                out.writeInt(l.bandPartition());
                longs(out, l.bands());
                nullableString(out, l.exactKey());
                ints(out, l.sig()); // trailer
                features(out, l.features());
            } else if (m instanceof Article a) {
                out.writeByte(ARTICLE);
                article(out, a);
            } else if (m instanceof Candidates c) {
                out.writeByte(CANDIDATES);
                out.writeUTF(c.id());
                out.writeUTF(c.nonce());
                out.writeInt(c.fromPartition());
                candidates(out, c.candidates());
                scores(out, c.candidates());
            } else if (m instanceof Score s) {
                out.writeByte(SCORE);
                score(out, s);
                scores(out, s.candidates());
            } else if (m instanceof Reply r) {
                out.writeByte(REPLY);
                out.writeUTF(r.askerId());
                out.writeUTF(r.askerNonce());
                out.writeInt(r.fromHome());
                match(out, r.best());
            }
        });
    }

    public static StoryMessage decode(byte[] bytes) {
        return read(bytes, in -> {
            byte type = in.readByte();
            return switch (type) {
                case LOOKUP -> lookup(in);
                case ARTICLE -> article(in);
                case CANDIDATES -> new Candidates(in.readUTF(), in.readUTF(), in.readInt(), scores(in, candidates(in)));
                case SCORE -> {
                    Score s = score(in);
                    yield withCandidates(s, scores(in, s.candidates()));
                }
                case REPLY -> new Reply(in.readUTF(), in.readUTF(), in.readInt(), match(in));
                default -> throw new SerializationException("unknown story message type " + type);
            };
        });
    }

    // ------------------------------------------------------------------ state values

    public static byte[] encodeIndexed(StoryPartition.Indexed v) {
        return write(out -> {
            out.writeLong(v.t());
            longs(out, v.bands());
            ints(out, v.sig()); // trailer
            features(out, v.features());
        });
    }

    /** An indexed entry; one written before the signature was kept has none (its candidates go unscored). */
    public static StoryPartition.Indexed decodeIndexed(byte[] b) {
        return read(b, in -> {
            long t = in.readLong();
            long[] bands = longs(in);
            if (in.available() == 0) {
                return new StoryPartition.Indexed(t, bands);
            }
            return new StoryPartition.Indexed(t, bands, ints(in), features(in));
        });
    }

    public static byte[] encodeExact(StoryPartition.ExactFirst v) {
        return write(out -> {
            out.writeUTF(v.id());
            out.writeLong(v.t());
        });
    }

    public static StoryPartition.ExactFirst decodeExact(byte[] b) {
        return read(b, in -> new StoryPartition.ExactFirst(in.readUTF(), in.readLong()));
    }

    public static byte[] encodeDecided(StoryPartition.Decided v) {
        return write(out -> {
            out.writeUTF(v.storyId());
            out.writeLong(v.t());
            ints(out, v.sig());
            features(out, v.features());
        });
    }

    public static StoryPartition.Decided decodeDecided(byte[] b) {
        return read(b, in -> new StoryPartition.Decided(in.readUTF(), in.readLong(), ints(in), features(in)));
    }

    /**
     * A pending entry without its article, which the partition stores once, apart (the entry is rewritten at every
     * step of the decision); {@link #pendingArticleApart} tells whether the article has arrived.
     */
    public static byte[] encodePending(StoryPartition.Pending v) {
        return write(out -> {
            out.writeByte(v.article() != null ? PENDING_ARTICLE_APART : PENDING_NO_ARTICLE);
            ints(out, v.lookupsSeen());
            candidates(out, v.candidates());
            out.writeInt(v.homesExpected());
            ints(out, v.homesSeen());
            match(out, v.best());
            scores(out, v.candidates());
        });
    }

    public static StoryPartition.Pending decodePending(byte[] b) {
        return read(b, in -> {
            Article a = in.readByte() == PENDING_ARTICLE_INLINE ? article(in) : null;
            int[] lookupsSeen = ints(in);
            List<Candidate> cs = candidates(in);
            int homesExpected = in.readInt();
            int[] homesSeen = ints(in);
            Match best = match(in);
            return new StoryPartition.Pending(a, lookupsSeen, scores(in, cs), homesExpected, homesSeen, best);
        });
    }

    /** Whether a pending entry's article has arrived and is stored apart (its decoded {@code article()} is then null). */
    public static boolean pendingArticleApart(byte[] b) {
        return b.length > 1 && b[1] == PENDING_ARTICLE_APART;
    }

    public static byte[] encodeWaiting(StoryPartition.Waiting v) {
        return write(out -> {
            score(out, v.score());
            match(out, v.best());
            out.writeInt(v.unresolved().size());
            for (String id : v.unresolved()) {
                out.writeUTF(id);
            }
            scores(out, v.score().candidates());
        });
    }

    public static StoryPartition.Waiting decodeWaiting(byte[] b) {
        return read(b, in -> {
            Score s = score(in);
            Match best = match(in);
            int n = in.readInt();
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(in.readUTF());
            }
            return new StoryPartition.Waiting(withCandidates(s, scores(in, s.candidates())), best, ids);
        });
    }

    public static byte[] encodeStrings(List<String> values) {
        return write(out -> {
            out.writeInt(values.size());
            for (String v : values) {
                out.writeUTF(v);
            }
        });
    }

    public static List<String> decodeStrings(byte[] b) {
        return read(b, in -> {
            int n = in.readInt();
            List<String> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(in.readUTF());
            }
            return out;
        });
    }

    // ------------------------------------------------------------------ parts

    private static void article(DataOutputStream out, Article a) throws IOException {
        byte[] json = ARTICLE_JSON.serialize("story", a.article());
        out.writeInt(json.length);
        out.write(json);
        out.writeUTF(a.nonce());
        out.writeLong(a.t());
        ints(out, a.sig());
        features(out, a.features());
    }

    private static Article article(DataInputStream in) throws IOException {
        byte[] json = new byte[in.readInt()];
        in.readFully(json);
        return new Article(ARTICLE_JSON.deserialize("story", json), in.readUTF(), in.readLong(), ints(in), features(in));
    }

    private static void score(DataOutputStream out, Score s) throws IOException {
        out.writeUTF(s.askerId());
        out.writeUTF(s.askerNonce());
        out.writeLong(s.askerT());
        ints(out, s.askerSig());
        features(out, s.askerFeatures());
        out.writeInt(s.fromHome());
        out.writeInt(s.home());
        candidates(out, s.candidates());
    }

    private static Score score(DataInputStream in) throws IOException {
        return new Score(in.readUTF(), in.readUTF(), in.readLong(), ints(in), features(in), in.readInt(), in.readInt(),
                candidates(in));
    }

    private static Lookup lookup(DataInputStream in) throws IOException {
        String id = in.readUTF();
        String nonce = in.readUTF();
        long t = in.readLong();
        int bandPartition = in.readInt();
        long[] bands = longs(in);
        String exactKey = nullableString(in);
        if (in.available() == 0) {
            return new Lookup(id, nonce, t, bandPartition, bands, exactKey); // written before the signature was sent
        }
        return new Lookup(id, nonce, t, bandPartition, bands, exactKey, ints(in), features(in));
    }

    private static Score withCandidates(Score s, List<Candidate> cs) {
        return cs == s.candidates() ? s
                : new Score(s.askerId(), s.askerNonce(), s.askerT(), s.askerSig(), s.askerFeatures(), s.fromHome(), s.home(), cs);
    }

    /** The trailer of a record holding a candidate list: each candidate's score, in list order (NaN: unscored). */
    private static void scores(DataOutputStream out, List<Candidate> cs) throws IOException {
        out.writeInt(cs.size());
        for (Candidate c : cs) {
            out.writeDouble(c.score());
        }
    }

    /** The candidates with their scores from the trailer, or unscored when the record has none (an earlier version's). */
    private static List<Candidate> scores(DataInputStream in, List<Candidate> cs) throws IOException {
        if (in.available() == 0) {
            return cs;
        }
        int n = in.readInt();
        if (n != cs.size()) {
            throw new SerializationException("story record with " + cs.size() + " candidates and " + n + " scores");
        }
        checkedLength(in, n, Double.BYTES);
        List<Candidate> scored = new ArrayList<>(n);
        for (Candidate c : cs) {
            scored.add(new Candidate(c.id(), c.t(), c.exact(), in.readDouble()));
        }
        return scored;
    }

    private static void candidates(DataOutputStream out, List<Candidate> cs) throws IOException {
        out.writeInt(cs.size());
        for (Candidate c : cs) {
            out.writeUTF(c.id());
            out.writeLong(c.t());
            out.writeBoolean(c.exact());
        }
    }

    private static List<Candidate> candidates(DataInputStream in) throws IOException {
        int n = in.readInt();
        List<Candidate> cs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cs.add(new Candidate(in.readUTF(), in.readLong(), in.readBoolean()));
        }
        return cs;
    }

    private static void match(DataOutputStream out, Match m) throws IOException {
        out.writeBoolean(m != null);
        if (m != null) {
            out.writeUTF(m.id());
            out.writeLong(m.t());
            out.writeDouble(m.score());
            out.writeBoolean(m.exact());
            out.writeUTF(m.storyId());
        }
    }

    private static Match match(DataInputStream in) throws IOException {
        return in.readBoolean() ? new Match(in.readUTF(), in.readLong(), in.readDouble(), in.readBoolean(), in.readUTF()) : null;
    }

    private static void features(DataOutputStream out, StoryFeatures f) throws IOException {
        out.writeBoolean(f != null);
        if (f != null) {
            ints(out, f.leadParties());
            ints(out, f.parties());
            ints(out, f.leadNumbers());
            ints(out, f.numbers());
        }
    }

    private static StoryFeatures features(DataInputStream in) throws IOException {
        return in.readBoolean() ? new StoryFeatures(ints(in), ints(in), ints(in), ints(in)) : null;
    }

    private static void ints(DataOutputStream out, int[] a) throws IOException {
        out.writeInt(a == null ? -1 : a.length);
        if (a != null) {
            for (int v : a) {
                out.writeInt(v);
            }
        }
    }

    private static int[] ints(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] raw = new byte[checkedLength(in, n, Integer.BYTES)];
        in.readFully(raw); // in one go: a signature is 120 ints, read one by one through the stream they cost more
        int[] a = new int[n];
        java.nio.ByteBuffer.wrap(raw).asIntBuffer().get(a);
        return a;
    }

    private static void longs(DataOutputStream out, long[] a) throws IOException {
        out.writeInt(a.length);
        for (long v : a) {
            out.writeLong(v);
        }
    }

    private static long[] longs(DataInputStream in) throws IOException {
        int n = in.readInt();
        byte[] raw = new byte[checkedLength(in, n, Long.BYTES)];
        in.readFully(raw);
        long[] a = new long[n];
        java.nio.ByteBuffer.wrap(raw).asLongBuffer().get(a);
        return a;
    }

    /** The byte length of {@code n} values of {@code size} bytes, if the record still holds that many. */
    private static int checkedLength(DataInputStream in, int n, int size) throws IOException {
        if (n < 0 || (long) n * size > in.available()) {
            throw new EOFException("array of " + n + " values");
        }
        return n * size;
    }

    private static void nullableString(DataOutputStream out, String s) throws IOException {
        out.writeBoolean(s != null);
        if (s != null) {
            out.writeUTF(s);
        }
    }

    private static String nullableString(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    // ------------------------------------------------------------------ framing

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer w) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            w.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, Reader<T> r) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new SerializationException("story record of format version " + version + ", this version reads " + VERSION);
            }
            return r.read(in);
        } catch (EOFException e) {
            throw new SerializationException("truncated story record (" + bytes.length + " bytes)", e);
        } catch (IOException e) {
            throw new SerializationException("unreadable story record: " + e.getMessage(), e);
        }
    }
}
