package io.chipwatch.alerts.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.index.memory.MemoryIndex;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.ConstantScoreQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.QueryVisitor;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.util.BytesRef;

/**
 * The free-text queries of all watches, matched against one article at a time.
 *
 * <p>Fields: {@code title}, {@code text}, and the default field {@code all} (title then text). Text is
 * tokenised by Lucene's StandardTokenizer (Chinese runs become one token per character, so a Chinese
 * phrase query matches the character sequence), lower-cased (locale-independent) and plural-stemmed.
 * The default operator is AND.
 *
 * <p>A query matches an article exactly when Lucene finds the article, indexed in a {@link MemoryIndex}
 * under these three fields, with it. Finding that out for 10,000 queries per article is done in steps:
 * <ol>
 *   <li>The article is analysed once per field that some query reads: {@code all} always, {@code title}
 *       and {@code text} only while a registered query names them.
 *   <li>Candidates. Every query is filed under a few <em>key terms</em> such that an article it matches
 *       contains at least one of them: for a conjunction one conjunct's keys, for a disjunction the keys
 *       of every disjunct. Only queries filed under one of the article's terms are looked at, plus the
 *       few without such terms (e.g. a lone wildcard or range), which are looked at for every article.
 *       A conjunction is filed under the term the fewest registered queries share, English stop words
 *       last: a term in many queries tends to be an everyday word, and an article with it would make all
 *       of those queries candidates.
 *   <li>Each candidate must have the terms it requires in the article (a necessary condition, checked
 *       in constant time per term). Then queries built only from terms, exact phrases and boolean
 *       operators, which is what watches are mostly made of, are decided on the article's terms and
 *       positions, exactly as Lucene decides them; any other query (wildcard, prefix, fuzzy, regexp,
 *       range, sloppy phrase, ...) is run by Lucene itself on the MemoryIndex.
 * </ol>
 *
 * <p>This replaces a Lucene {@code Monitor}, whose presearcher (an index of the queries, searched with a
 * disjunction of all article terms) and per-candidate IndexSearcher runs cost more than the budget of
 * 0.5 ms per article with 10,000 watches, even with multi-pass presearching and only true matches left
 * to run. Thread-safe.
 */
public final class QueryIndex implements Closeable {
    public static final String TITLE = "title";
    public static final String TEXT = "text";
    public static final String ALL = "all";
    static final Analyzer ANALYZER = new Analyzer() {
        @Override
        protected TokenStreamComponents createComponents(String fieldName) {
            StandardTokenizer tokenizer = new StandardTokenizer();
            TokenStream stream = new EnglishMinimalStemFilter(new LowerCaseFilter(tokenizer));
            return new TokenStreamComponents(tokenizer, stream);
        }

        @Override
        protected TokenStream normalize(String fieldName, TokenStream in) {
            return new LowerCaseFilter(in);
        }

        @Override
        public int getPositionIncrementGap(String fieldName) {
            return 100; // a phrase never spans title and text
        }
    };

    /** Words in nearly every English article: a query's key only when it has no other term. */
    private static final CharArraySet STOP_WORDS = EnglishAnalyzer.ENGLISH_STOP_WORDS_SET;
    private static final int MIN_REKEY = 64;

    private final Map<String, Entry> entries = new HashMap<>();
    /** Every term of a registered query, by field. */
    private final Map<String, Map<BytesRef, TermInfo>> dictionary = new HashMap<>();
    /** Queries without key terms: candidates for every article. */
    private final Set<Entry> unkeyed = new LinkedHashSet<>();
    /** How many registered queries read each field: which fields an article is analysed into. */
    private final Map<String, Integer> fieldUse = new HashMap<>();
    /**
     * Keys are chosen with the term counts of their time; when the index has doubled since, all keys
     * are chosen again (amortised constant cost per query), so the order of registration hardly matters.
     */
    private int sizeAtRekey;
    /** Serial number of the article being matched. */
    private long article;

    /** Parses a query in Lucene classic syntax; throws {@link ParseException} with Lucene's message. */
    public static Query parse(String query) throws ParseException {
        QueryParser parser = new QueryParser(ALL, ANALYZER);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setSplitOnWhitespace(true);
        return parser.parse(query);
    }

    /** Adds or replaces the query with this id. */
    public void put(String id, String query) throws ParseException {
        Query parsed = parse(query);
        synchronized (this) {
            remove(id);
            Set<TermInfo> terms = new HashSet<>();
            Node node = node(parsed, terms);
            Entry e = new Entry(id, parsed, node, terms, fieldsOf(parsed));
            entries.put(id, e);
            terms.forEach(t -> t.uses++);
            e.fields.forEach(f -> fieldUse.merge(f, 1, Integer::sum));
            file(e);
            if (entries.size() >= Math.max(MIN_REKEY, 2 * sizeAtRekey)) {
                rekey();
            }
        }
    }

    public synchronized void remove(String id) {
        Entry e = entries.remove(id);
        if (e == null) {
            return;
        }
        unfile(e);
        for (TermInfo t : e.terms) {
            if (--t.uses == 0) {
                Map<BytesRef, TermInfo> field = dictionary.get(t.term.field());
                field.remove(t.term.bytes());
                if (field.isEmpty()) {
                    dictionary.remove(t.term.field());
                }
            }
        }
        e.fields.forEach(f -> fieldUse.computeIfPresent(f, (k, n) -> n == 1 ? null : n - 1));
    }

    /** Ids of the queries that match this title and text. */
    public synchronized Set<String> match(String title, String text) {
        if (entries.isEmpty()) {
            return new HashSet<>();
        }
        try {
            Article a = new Article(analyse(title, text), ++article);
            Set<String> ids = new HashSet<>();
            for (Entry e : candidates(a)) {
                if (e.node.mayMatch(a) && (e.node.exact ? e.node.matches(a) : a.lucene(e.query))) {
                    ids.add(e.id);
                }
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the in-memory index of an article", e);
        }
    }

    /** How many queries are looked at for this article (for tests: far fewer than all). */
    synchronized int candidateCount(String title, String text) {
        try {
            return candidates(new Article(analyse(title, text), ++article)).size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Number of registered queries. */
    public synchronized int size() {
        return entries.size();
    }

    @Override
    public synchronized void close() {
        entries.clear();
        dictionary.clear();
        unkeyed.clear();
        fieldUse.clear();
    }

    /** The article in the fields queries read: {@code all} always, title and text only when used. */
    private MemoryIndex analyse(String title, String text) {
        MemoryIndex index = new MemoryIndex();
        index.addField(ALL, title, ANALYZER);
        index.addField(ALL, text, ANALYZER);
        if (fieldUse.containsKey(TITLE)) {
            index.addField(TITLE, title, ANALYZER);
        }
        if (fieldUse.containsKey(TEXT)) {
            index.addField(TEXT, text, ANALYZER);
        }
        return index;
    }

    /**
     * Marks the dictionary terms the article contains and returns the queries filed under them, and
     * the unkeyed ones.
     */
    private List<Entry> candidates(Article a) throws IOException {
        List<Entry> candidates = new ArrayList<>();
        for (Entry e : unkeyed) {
            e.seen = a.serial;
            candidates.add(e);
        }
        for (Map.Entry<String, Map<BytesRef, TermInfo>> field : dictionary.entrySet()) {
            Terms terms = a.reader.terms(field.getKey());
            if (terms == null) {
                continue;
            }
            Map<BytesRef, TermInfo> known = field.getValue();
            TermsEnum te = terms.iterator();
            if (known.size() < terms.size()) {
                for (TermInfo t : known.values()) {
                    if (te.seekExact(t.term.bytes())) {
                        t.seen(a, candidates);
                    }
                }
            } else {
                for (BytesRef term = te.next(); term != null; term = te.next()) {
                    TermInfo t = known.get(term);
                    if (t != null) {
                        t.seen(a, candidates);
                    }
                }
            }
        }
        return candidates;
    }

    // ---- key terms

    private void file(Entry e) {
        e.keys = e.node.cover(this::cost);
        if (e.keys == null) {
            unkeyed.add(e);
        } else {
            e.keys.forEach(t -> t.filed.add(e));
        }
    }

    private void unfile(Entry e) {
        if (e.keys == null) {
            unkeyed.remove(e);
        } else {
            e.keys.forEach(t -> t.filed.remove(e));
        }
    }

    private void rekey() {
        for (Entry e : entries.values()) {
            unfile(e);
            file(e);
        }
        sizeAtRekey = entries.size();
    }

    /**
     * How many candidates a key is expected to bring: the number of queries containing the term, far
     * more for an English stop word; between equals, the longer term (usually the rarer).
     */
    private double cost(TermInfo t) {
        double uses = t.uses;
        if (STOP_WORDS.contains(t.term.text())) {
            uses *= 1000;
        }
        return uses + 1.0 / (2 + t.term.bytes().length);
    }

    // ---- query analysis

    private TermInfo info(Term term, Set<TermInfo> terms) {
        Map<BytesRef, TermInfo> field = dictionary.computeIfAbsent(term.field(), f -> new HashMap<>());
        TermInfo t = field.get(term.bytes());
        if (t == null) {
            t = new TermInfo(term);
            field.put(t.term.bytes(), t);
        }
        terms.add(t);
        return t;
    }

    /** The fields a query reads, including those of its MUST_NOT clauses (a prohibited title term counts). */
    private static Set<String> fieldsOf(Query q) {
        Set<String> fields = new HashSet<>();
        q.visit(new QueryVisitor() {
            @Override
            public boolean acceptField(String field) {
                fields.add(field);
                return true;
            }

            @Override
            public QueryVisitor getSubVisitor(BooleanClause.Occur occur, Query parent) {
                return this; // the default skips MUST_NOT clauses
            }
        });
        return fields;
    }

    /** The query as a check on an article's terms; its terms are added to the dictionary and to terms. */
    private Node node(Query q, Set<TermInfo> terms) {
        if (q instanceof BoostQuery b) {
            return node(b.getQuery(), terms); // a boost changes scores, never whether a document matches
        }
        if (q instanceof ConstantScoreQuery c) {
            return node(c.getQuery(), terms);
        }
        if (q instanceof TermQuery t) {
            return new TermNode(info(t.getTerm(), terms));
        }
        if (q instanceof PhraseQuery p && p.getTerms().length > 0) {
            TermInfo[] infos = new TermInfo[p.getTerms().length];
            for (int i = 0; i < infos.length; i++) {
                infos[i] = info(p.getTerms()[i], terms);
            }
            return new PhraseNode(infos, p.getPositions(), p.getSlop() == 0);
        }
        if (q instanceof BooleanQuery b) {
            List<Node> required = new ArrayList<>();
            List<Node> optional = new ArrayList<>();
            List<Node> prohibited = new ArrayList<>();
            for (BooleanClause c : b.clauses()) {
                Node n = node(c.getQuery(), terms);
                switch (c.getOccur()) {
                    case MUST, FILTER -> required.add(n);
                    case SHOULD -> optional.add(n);
                    case MUST_NOT -> prohibited.add(n);
                }
            }
            return new BoolNode(required, optional, prohibited, b.getMinimumNumberShouldMatch());
        }
        return new OtherNode();
    }

    /** A term of registered queries. */
    private static final class TermInfo {
        final Term term;
        /** Registered queries containing it. */
        int uses;
        /** Queries filed under it. */
        final Set<Entry> filed = new LinkedHashSet<>();
        /** Serial of the last article containing it. */
        long seen = -1;

        TermInfo(Term term) {
            this.term = new Term(term.field(), BytesRef.deepCopyOf(term.bytes()));
        }

        /** The article contains this term: the queries filed under it are candidates (once). */
        void seen(Article a, List<Entry> candidates) {
            seen = a.serial;
            for (Entry e : filed) {
                if (e.seen != a.serial) {
                    e.seen = a.serial;
                    candidates.add(e);
                }
            }
        }

        boolean in(Article a) {
            return seen == a.serial;
        }
    }

    private static final class Entry {
        final String id;
        final Query query;
        final Node node;
        final Set<TermInfo> terms;
        final Set<String> fields;
        /** Terms it is filed under, or null when unkeyed. */
        List<TermInfo> keys;
        /** Serial of the last article it was a candidate for. */
        long seen = -1;

        Entry(String id, Query query, Node node, Set<TermInfo> terms, Set<String> fields) {
            this.id = id;
            this.query = query;
            this.node = node;
            this.terms = terms;
            this.fields = fields;
        }
    }

    /**
     * A query as a condition on an article's terms. {@link #mayMatch} is a necessary condition for
     * Lucene's match; when {@link #exact}, {@link #matches} is Lucene's match itself (and is only asked
     * after mayMatch held).
     */
    private abstract static class Node {
        final boolean exact;

        Node(boolean exact) {
            this.exact = exact;
        }

        /** False only when the query cannot match the article. */
        abstract boolean mayMatch(Article a);

        /** Whether the query matches the article; only when {@link #exact}. */
        abstract boolean matches(Article a) throws IOException;

        /** Terms of which every matching article contains one (the cheapest such set), or null if none. */
        abstract List<TermInfo> cover(ToDoubleFunction<TermInfo> cost);

        static double total(List<TermInfo> cover, ToDoubleFunction<TermInfo> cost) {
            return cover.stream().mapToDouble(cost).sum();
        }
    }

    private static final class TermNode extends Node {
        final TermInfo term;

        TermNode(TermInfo term) {
            super(true);
            this.term = term;
        }

        @Override
        boolean mayMatch(Article a) {
            return term.in(a);
        }

        @Override
        boolean matches(Article a) {
            return term.in(a);
        }

        @Override
        List<TermInfo> cover(ToDoubleFunction<TermInfo> cost) {
            return List.of(term);
        }
    }

    /**
     * Every term at its position relative to the others (slop 0: as Lucene's exact phrase matcher); with
     * slop, Lucene decides (every term must still be present).
     */
    private static final class PhraseNode extends Node {
        final TermInfo[] terms;
        final int[] positions;

        PhraseNode(TermInfo[] terms, int[] positions, boolean exact) {
            super(exact);
            this.terms = terms;
            this.positions = positions;
        }

        @Override
        boolean mayMatch(Article a) {
            for (TermInfo t : terms) {
                if (!t.in(a)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        boolean matches(Article a) throws IOException {
            if (!mayMatch(a)) {
                return false;
            }
            int[][] at = new int[terms.length][];
            for (int i = 0; i < terms.length; i++) {
                at[i] = a.positions(terms[i].term);
            }
            for (int p : at[0]) {
                int start = p - positions[0];
                boolean all = true;
                for (int i = 1; i < terms.length && all; i++) {
                    all = Arrays.binarySearch(at[i], start + positions[i]) >= 0;
                }
                if (all) {
                    return true;
                }
            }
            return false;
        }

        @Override
        List<TermInfo> cover(ToDoubleFunction<TermInfo> cost) {
            TermInfo best = terms[0];
            for (TermInfo t : terms) {
                if (cost.applyAsDouble(t) < cost.applyAsDouble(best)) {
                    best = t;
                }
            }
            return List.of(best);
        }
    }

    /**
     * Lucene's boolean query: every MUST and FILTER clause, no MUST_NOT clause, and at least
     * minimumNumberShouldMatch SHOULD clauses (at least one when nothing is required). One without a
     * positive clause matches nothing in Lucene; it is left to Lucene rather than decided here.
     */
    private static final class BoolNode extends Node {
        final List<Node> required;
        final List<Node> optional;
        final List<Node> prohibited;
        final int minShould;
        final boolean positive;

        BoolNode(List<Node> required, List<Node> optional, List<Node> prohibited, int minimumShouldMatch) {
            super(isExact(required, optional, prohibited));
            this.required = required;
            this.optional = optional;
            this.prohibited = prohibited;
            this.minShould = required.isEmpty() ? Math.max(1, minimumShouldMatch) : minimumShouldMatch;
            this.positive = !required.isEmpty() || !optional.isEmpty();
        }

        private static boolean isExact(List<Node> required, List<Node> optional, List<Node> prohibited) {
            return (!required.isEmpty() || !optional.isEmpty()) && required.stream().allMatch(n -> n.exact)
                    && optional.stream().allMatch(n -> n.exact) && prohibited.stream().allMatch(n -> n.exact);
        }

        @Override
        boolean mayMatch(Article a) {
            if (!positive) {
                return true;
            }
            for (Node n : required) {
                if (!n.mayMatch(a)) {
                    return false;
                }
            }
            if (minShould == 0) {
                return true;
            }
            int possible = 0;
            for (Node n : optional) {
                if (n.mayMatch(a) && ++possible >= minShould) {
                    return true;
                }
            }
            return false;
        }

        @Override
        boolean matches(Article a) throws IOException {
            for (Node n : required) {
                if (!n.matches(a)) {
                    return false;
                }
            }
            if (minShould > 0) {
                int matched = 0;
                for (Node n : optional) {
                    if (n.matches(a) && ++matched >= minShould) {
                        break;
                    }
                }
                if (matched < minShould) {
                    return false;
                }
            }
            for (Node n : prohibited) {
                if (n.matches(a)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        List<TermInfo> cover(ToDoubleFunction<TermInfo> cost) {
            if (!required.isEmpty()) {
                List<TermInfo> best = null;
                for (Node n : required) {
                    List<TermInfo> c = n.cover(cost);
                    if (c != null && (best == null || total(c, cost) < total(best, cost))) {
                        best = c;
                    }
                }
                return best;
            }
            if (optional.isEmpty()) {
                return null;
            }
            List<TermInfo> union = new ArrayList<>();
            for (Node n : optional) {
                List<TermInfo> c = n.cover(cost);
                if (c == null) {
                    return null;
                }
                union.addAll(c);
            }
            return union;
        }
    }

    /** Any other query (wildcard, prefix, fuzzy, regexp, range, match-all, ...): Lucene decides. */
    private static final class OtherNode extends Node {
        OtherNode() {
            super(false);
        }

        @Override
        boolean mayMatch(Article a) {
            return true;
        }

        @Override
        boolean matches(Article a) {
            throw new IllegalStateException("decided by Lucene");
        }

        @Override
        List<TermInfo> cover(ToDoubleFunction<TermInfo> cost) {
            return null;
        }
    }

    /** One article in a MemoryIndex: positions of terms, and Lucene's own matching. */
    private static final class Article {
        final LeafReader reader;
        final long serial;
        private final IndexSearcher searcher;
        private final Map<String, TermsEnum> enums = new HashMap<>(4);

        Article(MemoryIndex index, long serial) {
            this.serial = serial;
            searcher = index.createSearcher();
            searcher.setQueryCache(null); // one document: caching would only cost
            reader = (LeafReader) searcher.getIndexReader();
        }

        /** Positions of a term the article contains, ascending. */
        int[] positions(Term t) throws IOException {
            TermsEnum te = enums.get(t.field());
            if (te == null) {
                te = reader.terms(t.field()).iterator();
                enums.put(t.field(), te);
            }
            if (!te.seekExact(t.bytes())) {
                throw new IllegalStateException("term " + t + " was seen in the article but is not in its index");
            }
            PostingsEnum pe = te.postings(null, PostingsEnum.POSITIONS);
            if (pe.nextDoc() == DocIdSetIterator.NO_MORE_DOCS) {
                throw new IllegalStateException("term " + t + " has no postings");
            }
            int[] at = new int[pe.freq()];
            for (int i = 0; i < at.length; i++) {
                at[i] = pe.nextPosition();
            }
            Arrays.sort(at);
            return at;
        }

        boolean lucene(Query q) throws IOException {
            return searcher.count(q) > 0;
        }
    }
}
