package io.chipwatch.model.topic;

/** Headers on {@code articles.raw} records. */
public final class RecordHeaders {
    /** Source id of the article. */
    public static final String SOURCE = "chipwatch.source";
    /** Media type the article text was extracted from. */
    public static final String CONTENT_TYPE = "chipwatch.content-type";

    private RecordHeaders() {}
}
