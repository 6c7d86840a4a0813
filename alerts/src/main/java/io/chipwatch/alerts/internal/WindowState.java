package io.chipwatch.alerts.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.chipwatch.model.Alert;
import java.util.ArrayList;
import java.util.List;

/**
 * One watch's current throttle or digest window.
 *
 * @param start    window start, epoch ms (wall clock, aligned to the window size)
 * @param windowMs window size
 * @param emitted  alerts emitted in this window
 * @param folded   alerts held back, to be folded into one digest alert when the window closes (bounded)
 * @param dropped  alerts held back beyond the bound (counted, not listed)
 * @param kind     {@code throttle} or {@code hourly}/{@code daily}
 */
public record WindowState(
        @JsonProperty("start") long start,
        @JsonProperty("windowMs") long windowMs,
        @JsonProperty("emitted") int emitted,
        @JsonProperty("folded") List<Alert> folded,
        @JsonProperty("dropped") int dropped,
        @JsonProperty("kind") String kind) {
    static final int MAX_FOLDED = 100;

    public WindowState {
        folded = folded == null ? List.of() : List.copyOf(folded);
    }

    public long end() {
        return start + windowMs;
    }

    WindowState withEmitted() {
        return new WindowState(start, windowMs, emitted + 1, folded, dropped, kind);
    }

    WindowState fold(Alert a) {
        if (folded.size() >= MAX_FOLDED) {
            return new WindowState(start, windowMs, emitted, folded, dropped + 1, kind);
        }
        List<Alert> more = new ArrayList<>(folded);
        more.add(a);
        return new WindowState(start, windowMs, emitted, more, dropped, kind);
    }
}
