package io.chipwatch.alerts.internal;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.TextField;
import org.apache.lucene.monitor.MatchingQueries;
import org.apache.lucene.monitor.Monitor;
import org.apache.lucene.monitor.MonitorQuery;
import org.apache.lucene.monitor.QueryMatch;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.Query;

/**
 * The free-text queries of all watches in one Lucene {@link Monitor}: an article is matched against
 * every query at once (the presearcher skips queries whose terms are absent).
 *
 * <p>Fields: {@code title}, {@code text}, and the default field {@code all} (title then text). Text is
 * tokenised by Lucene's StandardTokenizer (Chinese runs become one token per character, so a Chinese
 * phrase query matches the character sequence), lower-cased (locale-independent) and plural-stemmed.
 * The default operator is AND.
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

    private final Monitor monitor;

    public QueryIndex() {
        try {
            monitor = new Monitor(ANALYZER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Lucene monitor", e);
        }
    }

    /** Parses a query in Lucene classic syntax; throws {@link ParseException} with Lucene's message. */
    public static Query parse(String query) throws ParseException {
        QueryParser parser = new QueryParser(ALL, ANALYZER);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setSplitOnWhitespace(true);
        return parser.parse(query);
    }

    public void put(String id, String query) throws ParseException {
        try {
            monitor.register(new MonitorQuery(id, parse(query), query, java.util.Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void remove(String id) {
        try {
            monitor.deleteById(id);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ids of the queries that match this title and text. */
    public Set<String> match(String title, String text) {
        Document doc = new Document();
        doc.add(new TextField(TITLE, title, Field.Store.NO));
        doc.add(new TextField(TEXT, text, Field.Store.NO));
        doc.add(new TextField(ALL, title, Field.Store.NO));
        doc.add(new TextField(ALL, text, Field.Store.NO));
        try {
            MatchingQueries<QueryMatch> matches = monitor.match(doc, QueryMatch.SIMPLE_MATCHER);
            Set<String> ids = new HashSet<>();
            for (QueryMatch m : matches.getMatches()) {
                ids.add(m.getQueryId());
            }
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            monitor.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
