package io.chipwatch.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.chipwatch.model.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.search.Query;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The read model's pages on a real Lucene index: totals exact up to the threshold, a lower bound beyond, cursors. */
class ReadModelTest {
    private static final int DOCS = 5_000;

    @TempDir
    Path dir;

    @Test
    void shouldReportTheThresholdAsALowerBoundWhenMoreMatchThanItCounts() throws IOException {
        try (ReadModel model = ReadModel.open(dir, false, 100)) {
            fill(model);
            ReadModel.Page page = model.newest(ReadModel.DEAD_LETTER, null, 20, null);
            assertThat(page.totalExact()).as("5,000 match, counting stops after 100").isFalse();
            assertThat(page.total()).isEqualTo(100);
            assertThat(page.items()).hasSize(20);
            assertThat(page.items().get(0).get("n").asInt()).as("newest first").isEqualTo(DOCS - 1);
            assertThat(page.items().get(19).get("n").asInt()).isEqualTo(DOCS - 20);
        }
    }

    @Test
    void shouldCountExactlyUpToTheThreshold() throws IOException {
        try (ReadModel model = ReadModel.open(dir, false, 10_000)) {
            fill(model);
            ReadModel.Page all = model.newest(ReadModel.DEAD_LETTER, null, 20, null);
            assertThat(all.totalExact()).isTrue();
            assertThat(all.total()).isEqualTo(DOCS);
            ReadModel.Page some = model.newest(ReadModel.DEAD_LETTER, between(1_000, 3_000), 20, null);
            assertThat(some.totalExact()).isTrue();
            assertThat(some.total()).isEqualTo(2_000);
        }
    }

    @Test
    void shouldPageThroughEveryMatchWithCursorsAndKeepTheTotalOfTheWholeQuery() throws IOException {
        try (ReadModel model = ReadModel.open(dir, false, 10_000)) {
            fill(model);
            List<Integer> seen = new ArrayList<>();
            Set<Long> totals = new HashSet<>();
            String cursor = null;
            do {
                ReadModel.Page page = model.newest(ReadModel.DEAD_LETTER, between(1_000, 3_000), 100, cursor);
                page.items().forEach(item -> seen.add(item.get("n").asInt()));
                totals.add(page.total());
                cursor = page.next();
            } while (cursor != null);
            List<Integer> expected = new ArrayList<>();
            for (int n = 2_999; n >= 1_000; n--) {
                expected.add(n);
            }
            assertThat(seen).as("every match once, newest first").isEqualTo(expected);
            assertThat(totals).as("every page counts the whole query").containsExactly((long) expected.size());
        }
    }

    @Test
    void shouldPageThroughDocumentsOfTheSameTimeInUidOrder() throws IOException {
        try (ReadModel model = ReadModel.open(dir, false, 1_000)) {
            for (int n = 0; n < 10; n++) {
                model.putKeyed(ReadModel.DEAD_LETTER, "d" + n, Json.MAPPER.createObjectNode().put("n", n), time(0));
            }
            model.refresh();
            List<Integer> seen = new ArrayList<>();
            String cursor = null;
            do {
                ReadModel.Page page = model.newest(ReadModel.DEAD_LETTER, null, 3, cursor);
                page.items().forEach(item -> seen.add(item.get("n").asInt()));
                cursor = page.next();
            } while (cursor != null);
            assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        }
    }

    @Test
    void shouldRefuseAThresholdBelowOne() {
        assertThatThrownBy(() -> ReadModel.open(dir, false, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("totalExactMax must be at least 1, got 0");
    }

    /** Documents number {@code from} (inclusive) to {@code to} (exclusive). */
    private static Query between(int from, int to) {
        return LongPoint.newRangeQuery(ReadModel.TIME, time(from), time(to) - 1);
    }

    private static long time(int n) {
        return 1_700_000_000_000L + n * 1_000L;
    }

    /** Dead letters 0..DOCS-1, one second apart, oldest first, as a catch-up writes them. */
    private static void fill(ReadModel model) throws IOException {
        for (int n = 0; n < DOCS; n++) {
            JsonNode json = Json.MAPPER.createObjectNode().put("n", n);
            model.putKeyed(ReadModel.DEAD_LETTER, "d" + n, json, time(n));
        }
        model.refresh();
    }
}
