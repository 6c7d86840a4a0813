package io.chipwatch.web.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.util.BytesRef;

/**
 * Opaque page cursors: the sort values (time, uid) of the last item of a page, so the next page
 * starts after it however the index changed in between.
 */
final class Cursor {
    private Cursor() {}

    static String encode(FieldDoc last) {
        long time = (Long) last.fields[0];
        String uid = ((BytesRef) last.fields[1]).utf8ToString();
        return Base64.getUrlEncoder().withoutPadding().encodeToString((time + ":" + uid).getBytes(StandardCharsets.UTF_8));
    }

    /** Where a page ended: the sort values of its last item. */
    record Position(long time, String uid) {}

    /** @throws IllegalArgumentException for a cursor this class did not make */
    static Position decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            long time = Long.parseLong(s.substring(0, colon));
            return new Position(time, s.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("invalid cursor '" + cursor + "': pass the 'next' value of the previous page", e);
        }
    }
}
