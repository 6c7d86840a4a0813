package io.chipwatch.web.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chipwatch.model.json.Json;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Days on which an entity was mentioned at least {@link #FACTOR} times its average of the
 * {@link #BASELINE_DAYS} days before, and at least {@link #MIN} times: the entity page's spike
 * markers (spike watches alert on finer windows; their alerts are listed beside).
 */
final class Spikes {
    static final double FACTOR = 3.0;
    static final int BASELINE_DAYS = 7;
    static final long MIN = 5;

    private Spikes() {}

    static ArrayNode find(Map<LocalDate, Long> byDay) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        if (byDay.isEmpty()) {
            return out;
        }
        List<LocalDate> days = new ArrayList<>(byDay.keySet());
        LocalDate first = days.get(0);
        for (LocalDate day : days) {
            long n = byDay.get(day);
            if (n < MIN || day.minusDays(BASELINE_DAYS).isBefore(first)) {
                continue;
            }
            long sum = 0;
            for (int i = 1; i <= BASELINE_DAYS; i++) {
                sum += byDay.getOrDefault(day.minusDays(i), 0L);
            }
            double baseline = sum / (double) BASELINE_DAYS;
            if (n >= FACTOR * Math.max(baseline, 1.0 / BASELINE_DAYS)) {
                out.add(Json.MAPPER.createObjectNode().put("day", day.toString()).put("mentions", n)
                        .put("baseline", Math.round(baseline * 100) / 100.0));
            }
        }
        return out;
    }
}
