package io.chipwatch.web.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chipwatch.model.Alert;
import io.chipwatch.model.EnrichedArticle;
import io.chipwatch.model.EntityTrend;
import io.chipwatch.model.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field.Store;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.SortedSetDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.PrefixQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldCollectorManager;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.Weight;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;

/**
 * The web service's local read model: one Lucene index of articles, alerts, entities, trends,
 * watches, source health and dead letters, each a document keyed by {@code uid = kind|key} and
 * carrying the record's original JSON (so fields added to the topic contracts later pass through
 * untouched). The offsets read from each topic partition are stored in the index commit's user data,
 * so a restart resumes exactly where the last commit left off; the index is the only state, and
 * deleting it rebuilds it from the topics. Writes come from one thread (the topic follower); reads
 * from any thread through near-real-time searchers.
 */
public final class ReadModel implements Closeable {
    public static final String ARTICLE = "article";
    public static final String ALERT = "alert";
    public static final String ENTITY = "entity";
    public static final String TREND = "trend";
    public static final String WATCH = "watch";
    public static final String HEALTH = "health";
    public static final String DEAD_LETTER = "dlq";

    static final String UID = "uid";
    static final String UID_SORT = "uidSort";
    static final String KIND = "kind";
    static final String JSON = "json";
    static final String TIME = "time";
    static final String SEQ = "seq";
    static final String ENTITY_IDS = "entity";
    static final String ENTITY_OWN = "entityOwn";
    static final String EVENT = "event";
    static final String MENTIONS = "mentions";
    private static final String OFFSET_PREFIX = "offset|";
    private static final Sort NEWEST_FIRST = new Sort(new SortField(TIME, SortField.Type.LONG, true),
            new SortField(UID_SORT, SortField.Type.STRING));
    private static final Sort OLDEST_FIRST = new Sort(new SortField(TIME, SortField.Type.LONG),
            new SortField(UID_SORT, SortField.Type.STRING));

    private final Directory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final Map<String, Long> offsets = new HashMap<>();
    private final AtomicLong alertSeq = new AtomicLong();
    private final int totalExactMax;

    private ReadModel(Path dir, int totalExactMax) throws IOException {
        this.totalExactMax = totalExactMax;
        Files.createDirectories(dir);
        this.directory = FSDirectory.open(dir);
        IndexWriterConfig iwc = new IndexWriterConfig(Analysis.ANALYZER).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false) // only commits that carry their offsets count
                .setRAMBufferSizeMB(32);
        this.writer = new IndexWriter(directory, iwc);
        if (DirectoryReader.indexExists(directory)) {
            for (Map.Entry<String, String> e : SegmentInfos.readLatestCommit(directory).getUserData().entrySet()) {
                if (e.getKey().startsWith(OFFSET_PREFIX)) {
                    offsets.put(e.getKey().substring(OFFSET_PREFIX.length()), Long.parseLong(e.getValue()));
                }
            }
        }
        this.searchers = new SearcherManager(writer, null);
        alertSeq.set(maxSeq());
    }

    /**
     * Opens (or creates) the index under {@code dir}; {@code rebuild} deletes it first. A page's total is counted exactly up
     * to {@code totalExactMax} matches, a lower bound beyond (see {@link Page}).
     */
    public static ReadModel open(Path dir, boolean rebuild, int totalExactMax) {
        if (totalExactMax < 1) {
            throw new IllegalArgumentException("totalExactMax must be at least 1, got " + totalExactMax);
        }
        try {
            if (rebuild && Files.isDirectory(dir)) {
                try (var files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
            return new ReadModel(dir, totalExactMax);
        } catch (org.apache.lucene.store.LockObtainFailedException e) {
            throw new IllegalStateException("another chipwatch web service uses the read model in " + dir
                    + "; give this one its own --data-dir or --set web.index.dir=DIR", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the web read model in " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writes (one thread)

    /** The next offset to read of each {@code topic|partition}, as of the last commit plus applied batches. */
    public synchronized Map<String, Long> offsets() {
        return Map.copyOf(offsets);
    }

    public synchronized void offset(String topic, int partition, long nextOffset) {
        offsets.put(topic + "|" + partition, nextOffset);
    }

    /** Indexes an article (original JSON kept) and the entities it names. */
    public void putArticle(EnrichedArticle a, JsonNode json) throws IOException {
        Document d = base(ARTICLE, a.id(), json);
        long time = a.eventTime() == null ? 0 : a.eventTime().toEpochMilli();
        time(d, time);
        d.add(new StringField("id", a.id(), Store.NO));
        d.add(new StringField("story", a.storyId(), Store.NO));
        d.add(new StringField("source", a.sourceId(), Store.NO));
        d.add(new StringField("first", Boolean.toString(a.firstInStory()), Store.NO));
        if (a.language() != null) {
            d.add(new StringField("language", a.language(), Store.NO));
        }
        for (var e : a.entities()) {
            d.add(new StringField(ENTITY_IDS, e.id(), Store.NO));
            d.add(new SortedSetDocValuesField(ENTITY_OWN, new BytesRef(e.id())));
            e.ancestors().forEach(anc -> d.add(new StringField(ENTITY_IDS, anc, Store.NO)));
        }
        a.events().forEach(ev -> d.add(new StringField(EVENT, ev.type().name(), Store.NO)));
        d.add(new TextField(Analysis.TITLE, a.title(), Store.NO));
        d.add(new TextField(Analysis.TEXT, a.text(), Store.NO));
        d.add(new TextField(Analysis.ALL, a.title(), Store.NO));
        d.add(new TextField(Analysis.ALL, a.text(), Store.NO));
        writer.updateDocument(new Term(UID, ARTICLE + "|" + a.id()), d);
        JsonNode entities = json.path("entities");
        for (JsonNode e : entities) {
            putEntity(e);
        }
    }

    private void putEntity(JsonNode e) throws IOException {
        String id = e.path("id").asText("");
        if (id.isEmpty()) {
            return;
        }
        ObjectNode entity = Json.MAPPER.createObjectNode();
        entity.put("id", id);
        entity.put("name", e.path("name").asText(id));
        entity.put("type", e.path("type").asText(null));
        entity.set("ancestors", e.path("ancestors").isArray() ? e.get("ancestors") : Json.MAPPER.createArrayNode());
        entity.put("known", !e.has("known") || e.path("known").asBoolean(true));
        if (e.hasNonNull("country")) {
            entity.put("country", e.get("country").asText());
        }
        Document d = base(ENTITY, id, entity);
        d.add(new StringField("nameLc", entity.get("name").asText().toLowerCase(Locale.ROOT), Store.NO));
        d.add(new StringField("idLc", id.toLowerCase(Locale.ROOT), Store.NO));
        writer.updateDocument(new Term(UID, ENTITY + "|" + id), d);
    }

    /** Indexes an alert and gives it the next stream sequence number, which it returns. */
    public long putAlert(Alert a, JsonNode json) throws IOException {
        long seq = alertSeq.incrementAndGet();
        Document d = base(ALERT, a.alertId(), json);
        Instant t = a.article() != null && a.article().publishedAt() != null ? a.article().publishedAt() : a.triggeredAt();
        time(d, t.toEpochMilli());
        d.add(new LongPoint(SEQ, seq));
        d.add(new NumericDocValuesField(SEQ, seq));
        d.add(new StringField("id", a.alertId(), Store.NO));
        d.add(new StringField("watch", a.watchId(), Store.NO));
        d.add(new StringField("severity", a.severity().name(), Store.NO));
        d.add(new StringField("alertKind", a.kind(), Store.NO));
        if (a.storyId() != null) {
            d.add(new StringField("story", a.storyId(), Store.NO));
        }
        if (a.article() != null) {
            d.add(new StringField("article", a.article().id(), Store.NO));
        }
        a.entities().forEach(e -> d.add(new StringField(ENTITY_IDS, e.id(), Store.NO)));
        a.events().forEach(ev -> d.add(new StringField(EVENT, ev.type().name(), Store.NO)));
        String title = a.article() == null || a.article().title() == null ? "" : a.article().title();
        d.add(new TextField(Analysis.TITLE, title, Store.NO));
        d.add(new TextField(Analysis.TEXT, (a.evidence() == null ? "" : a.evidence()) + "\n" + a.reason(), Store.NO));
        d.add(new TextField(Analysis.ALL, title, Store.NO));
        d.add(new TextField(Analysis.ALL, (a.evidence() == null ? "" : a.evidence()) + "\n" + a.reason() + "\n" + a.watchName(), Store.NO));
        writer.updateDocument(new Term(UID, ALERT + "|" + a.alertId()), d);
        return seq;
    }

    /** Keeps the latest count of each entity and window. */
    public void putTrend(EntityTrend t, JsonNode json) throws IOException {
        long start = t.windowStart() == null ? 0 : t.windowStart().toEpochMilli();
        Document d = base(TREND, t.entityId() + "|" + start, json);
        time(d, start);
        d.add(new StringField(ENTITY_IDS, t.entityId(), Store.NO));
        d.add(new NumericDocValuesField(MENTIONS, t.mentions()));
        writer.updateDocument(new Term(UID, TREND + "|" + t.entityId() + "|" + start), d);
    }

    /** Stores a keyed JSON document (watch, health, dead letter); a null value deletes it. */
    public void putKeyed(String kind, String key, JsonNode json, long time) throws IOException {
        Term uid = new Term(UID, kind + "|" + key);
        if (json == null) {
            writer.deleteDocuments(uid);
            return;
        }
        Document d = base(kind, key, json);
        time(d, time);
        writer.updateDocument(uid, d);
    }

    private static Document base(String kind, String key, JsonNode json) {
        Document d = new Document();
        String uid = kind + "|" + key;
        d.add(new StringField(UID, uid, Store.NO));
        d.add(new SortedDocValuesField(UID_SORT, new BytesRef(uid)));
        d.add(new StringField(KIND, kind, Store.NO));
        d.add(new StoredField(JSON, Json.toJson(json)));
        return d;
    }

    private static void time(Document d, long millis) {
        d.add(new LongPoint(TIME, millis));
        d.add(new NumericDocValuesField(TIME, millis));
    }

    /** Makes applied writes visible to searches. */
    public void refresh() throws IOException {
        searchers.maybeRefreshBlocking();
    }

    /** Commits the index with the offsets read so far; after a crash the model resumes from here. */
    public synchronized void commit() throws IOException {
        Map<String, String> data = new TreeMap<>();
        offsets.forEach((k, v) -> data.put(OFFSET_PREFIX + k, Long.toString(v)));
        writer.setLiveCommitData(data.entrySet());
        writer.commit();
    }

    // ---------------------------------------------------------------- reads (any thread)

    /**
     * One page of documents of a kind. {@code total} counts every match when {@code totalExact}; otherwise it is
     * {@code totalExactMax} (or the page size, if larger) and at least that many match: counting stopped once the search knew
     * the page, because an exact count visits every match and was most of a broad search's time.
     */
    public record Page(List<JsonNode> items, String next, long total, boolean totalExact) {}

    public Page newest(String kind, Query filter, int limit, String cursor) throws IOException {
        return page(kind, filter, limit, cursor, NEWEST_FIRST);
    }

    private Page page(String kind, Query filter, int limit, String cursor, Sort sort) throws IOException {
        Query q = and(new TermQuery(new Term(KIND, kind)), filter);
        IndexSearcher s = searchers.acquire();
        try {
            // One pass gives the page and its total: with a threshold the collector skips documents that cannot make the
            // page (through the time field's points) once it has counted that many, instead of counting every match.
            int countUpTo = Math.max(limit, totalExactMax);
            TopFieldDocs top = s.search(q, new TopFieldCollectorManager(sort, limit, after(cursor), countUpTo, true));
            List<JsonNode> items = json(s, top.scoreDocs);
            String next = null;
            if (top.scoreDocs.length == limit && sort.getSort().length == 2 && sort.getSort()[0].getField().equals(TIME)) {
                next = Cursor.encode((FieldDoc) top.scoreDocs[top.scoreDocs.length - 1]);
            }
            boolean exact = top.totalHits.relation == TotalHits.Relation.EQUAL_TO;
            // A lower bound is reported as the threshold itself, whatever the collector had counted when it began to skip:
            // "1,000+" reads better than "1,187+" and does not change with segment layout.
            return new Page(items, next, exact ? top.totalHits.value : countUpTo, exact);
        } finally {
            searchers.release(s);
        }
    }

    /**
     * The sort values a cursor's page ended on, to search after: older, or as old with a greater uid. Its doc id is the
     * largest, so the item it names (same time, same uid) is not repeated; the total still counts the whole query.
     */
    private static FieldDoc after(String cursor) {
        Cursor.Position p = Cursor.decode(cursor);
        return p == null ? null : new FieldDoc(Integer.MAX_VALUE, Float.NaN, new Object[] {p.time(), new BytesRef(p.uid())});
    }

    /** Every document of a kind matching the filter, oldest first, at most {@code max}. */
    public List<JsonNode> oldest(String kind, Query filter, int max) throws IOException {
        return page(kind, filter, Math.max(1, max), null, OLDEST_FIRST).items();
    }

    public Optional<JsonNode> get(String kind, String key) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            TopFieldDocs top = s.search(new TermQuery(new Term(UID, kind + "|" + key)), 1, NEWEST_FIRST);
            return top.scoreDocs.length == 0 ? Optional.empty() : Optional.of(json(s, top.scoreDocs[0].doc));
        } finally {
            searchers.release(s);
        }
    }

    public long count(String kind, Query filter) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.count(and(new TermQuery(new Term(KIND, kind)), filter));
        } finally {
            searchers.release(s);
        }
    }

    /** Alerts with a stream sequence number above {@code afterSeq}, in stream order, with their numbers. */
    public List<Map.Entry<Long, JsonNode>> alertsAfter(long afterSeq, int max) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            Query q = and(new TermQuery(new Term(KIND, ALERT)), LongPoint.newRangeQuery(SEQ, afterSeq + 1, Long.MAX_VALUE));
            TopFieldDocs top = s.search(q, max, new Sort(new SortField(SEQ, SortField.Type.LONG)));
            List<Map.Entry<Long, JsonNode>> out = new ArrayList<>();
            for (ScoreDoc sd : top.scoreDocs) {
                out.add(Map.entry((Long) ((FieldDoc) sd).fields[0], json(s, sd.doc)));
            }
            return out;
        } finally {
            searchers.release(s);
        }
    }

    public long lastAlertSeq() {
        return alertSeq.get();
    }

    private long maxSeq() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            TopFieldDocs top = s.search(new TermQuery(new Term(KIND, ALERT)), 1, new Sort(new SortField(SEQ, SortField.Type.LONG, true)));
            return top.scoreDocs.length == 0 ? 0 : (Long) ((FieldDoc) top.scoreDocs[0]).fields[0];
        } finally {
            searchers.release(s);
        }
    }

    /** Per UTC day, the sum of a numeric doc value (or 1 per document when {@code valueField} is null). */
    public Map<LocalDate, Long> sumByDay(String kind, Query filter, String valueField) throws IOException {
        Map<LocalDate, Long> days = new TreeMap<>();
        forEachDoc(and(new TermQuery(new Term(KIND, kind)), filter), (ctx, doc) -> {
            try {
                NumericDocValues time = DocValues.getNumeric(ctx.reader(), TIME);
                long t = time.advanceExact(doc) ? time.longValue() : 0;
                long v = 1;
                if (valueField != null) {
                    NumericDocValues dv = DocValues.getNumeric(ctx.reader(), valueField);
                    v = dv.advanceExact(doc) ? dv.longValue() : 0;
                }
                days.merge(Instant.ofEpochMilli(t).atOffset(ZoneOffset.UTC).toLocalDate(), v, Long::sum);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return days;
    }

    /** Entities named together with {@code entityId} in its newest {@code sample} articles, most frequent first. */
    public List<Map.Entry<String, Integer>> coMentioned(String entityId, int sample, int max) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        IndexSearcher s = searchers.acquire();
        try {
            Query q = and(new TermQuery(new Term(KIND, ARTICLE)), new TermQuery(new Term(ENTITY_IDS, entityId)));
            TopFieldDocs top = s.search(q, sample, NEWEST_FIRST);
            List<LeafReaderContext> leaves = s.getIndexReader().leaves();
            for (ScoreDoc sd : top.scoreDocs) {
                LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(sd.doc, leaves));
                SortedSetDocValues dv = DocValues.getSortedSet(leaf.reader(), ENTITY_OWN);
                if (dv.advanceExact(sd.doc - leaf.docBase)) {
                    for (int i = 0; i < dv.docValueCount(); i++) {
                        String other = dv.lookupOrd(dv.nextOrd()).utf8ToString();
                        if (!other.equals(entityId)) {
                            counts.merge(other, 1, Integer::sum);
                        }
                    }
                }
            }
        } finally {
            searchers.release(s);
        }
        return counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(max).toList();
    }

    /** Entities whose id or name starts with the prefix (case-insensitive), or all when it is empty. */
    public List<JsonNode> entities(String prefix, int max) throws IOException {
        Query filter = null;
        if (prefix != null && !prefix.isBlank()) {
            String p = prefix.strip().toLowerCase(Locale.ROOT);
            filter = new BooleanQuery.Builder()
                    .add(new PrefixQuery(new Term("nameLc", p)), Occur.SHOULD)
                    .add(new PrefixQuery(new Term("idLc", p)), Occur.SHOULD)
                    .build();
        }
        List<JsonNode> all = page(ENTITY, filter, max, null,
                new Sort(new SortField(UID_SORT, SortField.Type.STRING))).items();
        return all;
    }

    private void forEachDoc(Query q, DocVisitor visitor) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            Weight w = s.createWeight(s.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1f);
            for (LeafReaderContext ctx : s.getIndexReader().leaves()) {
                Scorer scorer = w.scorer(ctx);
                if (scorer == null) {
                    continue;
                }
                Bits live = ctx.reader().getLiveDocs();
                DocIdSetIterator it = scorer.iterator();
                for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
                    if (live == null || live.get(doc)) {
                        visitor.visit(ctx, doc);
                    }
                }
            }
        } finally {
            searchers.release(s);
        }
    }

    /** Streams the articles of the filter oldest first, parsing each only when it is reached. */
    public void forEachArticleOldestFirst(Query filter, int max, Consumer<JsonNode> consumer) throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            Query q = and(new TermQuery(new Term(KIND, ARTICLE)), filter);
            // Newest max, then visited oldest first: a preview over a long history keeps its recent end.
            TopFieldDocs top = s.search(q, Math.max(1, max), NEWEST_FIRST);
            StoredFields stored = s.storedFields();
            for (int i = top.scoreDocs.length - 1; i >= 0; i--) {
                consumer.accept(json(stored, top.scoreDocs[i].doc));
            }
        } finally {
            searchers.release(s);
        }
    }

    @FunctionalInterface
    private interface DocVisitor {
        void visit(LeafReaderContext ctx, int doc) throws IOException;
    }

    private static JsonNode json(IndexSearcher s, int doc) throws IOException {
        return json(s.storedFields(), doc);
    }

    /** The stored JSON of each hit, read through one {@link StoredFields} (it reuses a decompressed block across hits). */
    private static List<JsonNode> json(IndexSearcher s, ScoreDoc[] hits) throws IOException {
        StoredFields stored = s.storedFields();
        List<JsonNode> out = new ArrayList<>(hits.length);
        for (ScoreDoc hit : hits) {
            out.add(json(stored, hit.doc));
        }
        return out;
    }

    private static JsonNode json(StoredFields stored, int doc) throws IOException {
        return Json.MAPPER.readTree(stored.document(doc, Set.of(JSON)).get(JSON));
    }

    static Query and(Query a, Query b) {
        if (b == null) {
            return a;
        }
        return new BooleanQuery.Builder().add(a, Occur.FILTER).add(b, Occur.MUST).build();
    }

    /** Document counts per kind, for the status page. */
    public Map<String, Long> counts() throws IOException {
        Map<String, Long> out = new TreeMap<>();
        for (String k : List.of(ARTICLE, ALERT, ENTITY, TREND, WATCH, HEALTH, DEAD_LETTER)) {
            out.put(k, count(k, null));
        }
        return out;
    }

    public boolean isEmpty() throws IOException {
        IndexSearcher s = searchers.acquire();
        try {
            return s.count(new MatchAllDocsQuery()) == 0;
        } finally {
            searchers.release(s);
        }
    }

    /** True when an index exists in {@code dir}. */
    public static boolean exists(Path dir) {
        try (Directory d = FSDirectory.open(dir)) {
            return DirectoryReader.indexExists(d);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        searchers.close();
        writer.rollback(); // uncommitted changes are reread from the topics on the next start
        directory.close();
    }
}
