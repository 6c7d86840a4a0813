package io.chipwatch.web.internal;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.Query;

/**
 * The watch query language over the read model: Lucene classic syntax, default operator AND, fields
 * {@code title}, {@code text} and {@code all} (both), case- and plural-insensitive. It repeats the
 * alerts service's analysis on purpose (services never import each other), so a search for a watch's
 * query finds what the watch matches; {@code AnalysisTest} pins the behaviour.
 */
public final class Analysis {
    public static final String TITLE = "title";
    public static final String TEXT = "text";
    public static final String ALL = "all";

    public static final Analyzer ANALYZER = new Analyzer() {
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

    private Analysis() {}

    /** Parses a query; {@link ParseException} carries Lucene's message. */
    public static Query parse(String query) throws ParseException {
        QueryParser parser = new QueryParser(ALL, ANALYZER);
        parser.setDefaultOperator(QueryParser.Operator.AND);
        parser.setSplitOnWhitespace(true);
        parser.setAllowLeadingWildcard(false);
        return parser.parse(query);
    }
}
